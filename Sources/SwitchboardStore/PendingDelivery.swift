import SwitchboardCore

/// A delivery the router should attempt.
public struct PendingDelivery: Sendable, Hashable {
    /// The outbox row.
    public var id: Int64
    public var subscriber: String
    public var conversation: String
    public var eventID: String
    public var json: String
    /// Attempts made so far.
    public var attempts: Int
    /// When the event was stored (for the delivery-lag metric).
    public var createdAt: Timestamp
    /// Since when it has been tried: its creation, or its last redrive (the origin of the give-up age).
    public var retryingSince: Timestamp

    public init(
        id: Int64, subscriber: String, conversation: String, eventID: String, json: String, attempts: Int, createdAt: Timestamp,
        retryingSince: Timestamp? = nil
    ) {
        self.id = id
        self.subscriber = subscriber
        self.conversation = conversation
        self.eventID = eventID
        self.json = json
        self.attempts = attempts
        self.createdAt = createdAt
        self.retryingSince = retryingSince ?? createdAt
    }
}

/// The outcome of one delivery attempt.
public struct DeliveryResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The subscriber acknowledged (2xx).
        case delivered
        /// Try again at `nextAttemptAt`.
        case retry(nextAttemptAt: Timestamp, error: String)
        /// Given up on (the give-up age passed): parked as a dead letter with `reason`; `error` is the last failure.
        case dead(reason: String, error: String)
    }

    public var deliveryID: Int64
    public var outcome: Outcome
    public var at: Timestamp

    public init(deliveryID: Int64, outcome: Outcome, at: Timestamp) {
        self.deliveryID = deliveryID
        self.outcome = outcome
        self.at = at
    }
}

/// Size of the delivery outbox.
public struct DeliveryBacklog: Sendable, Hashable {
    public var pending: Int
    /// Age of the oldest pending delivery, in milliseconds (0 when none).
    public var oldestAgeMilliseconds: Int64
    /// Dead (parked) deliveries, waiting for a redrive.
    public var dead: Int

    public init(pending: Int, oldestAgeMilliseconds: Int64, dead: Int = 0) {
        self.pending = pending
        self.oldestAgeMilliseconds = oldestAgeMilliseconds
        self.dead = dead
    }
}
