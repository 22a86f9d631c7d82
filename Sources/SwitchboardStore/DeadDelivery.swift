import SwitchboardCore

/// Where a delivery to a subscriber is, as stored in `deliveries.state`.
public enum DeliveryState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its next attempt (or being attempted); it holds its conversation's later deliveries back.
    case pending
    /// Acknowledged by the subscriber (a 2xx).
    case delivered
    /// Given up on after the give-up age: parked with the reason until redriven; it no longer holds its conversation.
    case dead
}

/// A delivery parked as a dead letter (`GET /v1/subscribers/{name}/dead_letters`).
public struct DeadDelivery: Sendable, Hashable {
    /// The outbox row (what a redrive names).
    public var id: Int64
    public var subscriber: String
    public var conversation: String
    public var eventID: String
    /// Attempts made before it was given up on.
    public var attempts: Int
    /// When the event was stored for the subscriber.
    public var createdAt: Timestamp
    /// When it was given up on.
    public var deadAt: Timestamp
    public var reason: String
    /// The last failure (`HTTP 503`, a transport error).
    public var lastError: String?

    public init(
        id: Int64, subscriber: String, conversation: String, eventID: String, attempts: Int, createdAt: Timestamp, deadAt: Timestamp,
        reason: String, lastError: String?
    ) {
        self.id = id
        self.subscriber = subscriber
        self.conversation = conversation
        self.eventID = eventID
        self.attempts = attempts
        self.createdAt = createdAt
        self.deadAt = deadAt
        self.reason = reason
        self.lastError = lastError
    }

    /// `{id, subscriber, conversation, event_id, attempts, created_at, dead_at, reason, last_error?}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("id", .number(String(id)))
        object.set("subscriber", .string(subscriber))
        object.set("conversation", .string(conversation))
        object.set("event_id", .string(eventID))
        object.set("attempts", .number(String(attempts)))
        object.set("created_at", .string(createdAt.rfc3339))
        object.set("dead_at", .string(deadAt.rfc3339))
        object.set("reason", .string(reason))
        object.set("last_error", lastError.map(JSONValue.string))
        return .object(object)
    }
}
