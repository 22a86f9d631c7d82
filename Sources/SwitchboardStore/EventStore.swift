import SwitchboardCore

/// Durable storage of the gateway: canonical events (deduplicated by id), quarantined requests,
/// conversation state and the subscriber delivery outbox.
///
/// Every write call returns only after its data is committed durably; implementations may commit
/// several concurrent calls in one transaction (group commit).
public protocol EventStore: Sendable {
    /// Persists `plan` in one durable step: new events, their deliveries, the conversation states and the
    /// outbound delivery statuses they change, as the plan computes them. Events whose id is already stored are
    /// skipped (reported as duplicates); they change no state and create no delivery.
    func append(_ plan: InboundPlan) async throws(StoreError) -> AppendResult

    /// Keeps a request that could not be decoded, byte-exact, for inspection.
    func quarantine(_ request: QuarantinedRequest) async throws(StoreError)

    /// The stored event with `id`, or `nil`.
    func event(id: String) async throws(StoreError) -> StoredEvent?

    /// The number of stored events.
    func eventCount() async throws(StoreError) -> Int

    /// Quarantined requests, newest first: at most `limit`, and only those older than the row `before` when given
    /// (a page of a listing). Each carries its ``QuarantinedRequest/id`` and ``QuarantinedRequest/bodyBytes``; the
    /// bodies themselves only with `bodies` (a listing of large bodies would otherwise read them all).
    func quarantined(limit: Int, before: Int64?, bodies: Bool) async throws(StoreError) -> [QuarantinedRequest]

    /// The quarantined request with `id`, or `nil`.
    func quarantinedRequest(id: Int64) async throws(StoreError) -> QuarantinedRequest?

    /// Records that the quarantined request `id` decoded when run again, into `events` events (stored by the
    /// caller through ``append(_:receivedAt:)``). The row stays, for the record, until retention removes it.
    func markReprocessed(quarantineID id: Int64, at time: Timestamp, events: Int) async throws(StoreError)

    /// The state of a conversation, or `nil` when nothing was ever stored for it.
    func conversation(_ key: String) async throws(StoreError) -> ConversationState?

    /// Queues again, for `subscriber`, every stored event received at or after `since` that `filter` takes, in
    /// storage order: the subscriber's deliveries of the events from there on (pending or done) are replaced by
    /// fresh pending ones, due `now`, for the events the filter takes (pass the subscriber's own filter). For a
    /// subscriber that lost data on its side (a restore from backup, a bug). Returns how many; more than `limit`
    /// events is refused (`too_many_events`) and changes nothing.
    func redeliver(subscriber: String, filter: EventFilter, since: Timestamp, now: Timestamp, limit: Int) async throws(StoreError)
        -> Int

    /// Deliveries that may be attempted now: for each subscriber and conversation only the oldest
    /// pending one (in-order delivery; a dead delivery no longer holds its conversation), and only when its next
    /// attempt is due, oldest first. Deliveries in `excluding` (being attempted by this process) are left out,
    /// their conversations with them, and so is every delivery to a subscriber in `excludingSubscribers` (at its
    /// share of the router's slots).
    ///
    /// A store shared by several processes claims what it returns (PostgreSQL: a lease until
    /// ``complete(_:)`` or the lease's end), so a caller must not expect a delivery it did not complete
    /// to come back at once; the embedded SQLite store (one process) returns it again.
    func dueDeliveries(now: Timestamp, limit: Int, excluding: Set<Int64>, excludingSubscribers: Set<String>)
        async throws(StoreError) -> [PendingDelivery]

    /// Records the outcome of delivery attempts, as the outbox state machine decided it.
    func complete(_ results: [DeliveryResult]) async throws(StoreError)

    /// Counts of pending and dead deliveries and the age of the oldest pending one.
    func deliveryBacklog(now: Timestamp) async throws(StoreError) -> DeliveryBacklog

    /// The dead (parked) deliveries of `subscriber`, newest first: at most `limit`, and only those older than the
    /// row `before` when given (a page of a listing).
    func deadDeliveries(subscriber: String, limit: Int, before: Int64?) async throws(StoreError) -> [DeadDelivery]

    /// Makes dead deliveries of `subscriber` pending again, due `now`, with no attempts and their age counted from
    /// `now`: the one with id `id`, or every one when `id` is `nil`. Returns how many.
    func redriveDeliveries(subscriber: String, id: Int64?, now: Timestamp) async throws(StoreError) -> Int

    /// Removes what ``RetentionCutoffs`` says is old enough, in writes of at most `batchSize` rows each (so
    /// webhooks keep being committed meanwhile), and returns how many rows went.
    func prune(_ cutoffs: RetentionCutoffs, batchSize: Int) async throws(StoreError) -> PruneCounts

    /// Checks that the store answers (for `/readyz`).
    func ping() async throws(StoreError)

    /// Finishes pending writes and closes the store.
    func close() async
}

extension EventStore {
    /// Due deliveries, none excluded.
    public func dueDeliveries(now: Timestamp, limit: Int) async throws(StoreError) -> [PendingDelivery] {
        try await dueDeliveries(now: now, limit: limit, excluding: [], excludingSubscribers: [])
    }
}

/// One event to store, with what the store cannot derive itself.
public struct EventRecord: Sendable, Hashable {
    public var event: CanonicalEvent
    /// The connection the webhook arrived on.
    public var connection: String
    /// The canonical JSON text (what subscribers receive).
    public var json: String
    /// Names of the subscribers that must receive this event.
    public var subscribers: [String]

    public init(event: CanonicalEvent, connection: String, json: String? = nil, subscribers: [String] = []) {
        self.event = event
        self.connection = connection
        self.json = json ?? event.jsonLine
        self.subscribers = subscribers
    }
}

/// What an ``EventStore/append(_:receivedAt:)`` stored.
public struct AppendResult: Sendable, Hashable {
    /// Ids stored by this call.
    public var inserted: [String]
    /// Ids that were already stored (re-delivered webhooks).
    public var duplicates: [String]

    public init(inserted: [String] = [], duplicates: [String] = []) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}

/// A stored event.
public struct StoredEvent: Sendable, Hashable {
    /// Storage order (monotonic).
    public var sequence: Int64
    public var id: String
    public var connection: String
    public var receivedAt: Timestamp
    public var json: String

    public init(sequence: Int64, id: String, connection: String, receivedAt: Timestamp, json: String) {
        self.sequence = sequence
        self.id = id
        self.connection = connection
        self.receivedAt = receivedAt
        self.json = json
    }
}

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
