import SwitchboardCore

/// The event log: canonical events, deduplicated by id, stored with the state changes and deliveries they cause.
///
/// Every write call returns only after its data is committed durably; implementations may commit
/// several concurrent calls in one transaction (group commit).
public protocol EventLog: Sendable {
    /// Persists `plan` in one durable step: new events, their deliveries, the conversation states and the
    /// outbound delivery statuses they change, as the plan computes them. Events whose id is already stored are
    /// skipped (reported as duplicates); they change no state and create no delivery.
    func append(_ plan: InboundPlan) async throws(StoreError) -> AppendResult

    /// The stored event with `id`, or `nil`.
    func event(id: String) async throws(StoreError) -> StoredEvent?

    /// The number of stored events.
    func eventCount() async throws(StoreError) -> Int
}

extension EventLog {
    /// Stores `records` in one durable step: the ``InboundPlan`` of the records received at `receivedAt`.
    public func append(_ records: [EventRecord], receivedAt: Timestamp) async throws(StoreError) -> AppendResult {
        try await append(InboundPlan(records: records, receivedAt: receivedAt))
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
    /// The connections an account-level event (template, quality, restriction) concerns: every connection of the
    /// business account it names (`options.business_account_id`), else the one it arrived on.
    public var accountConnections: [String]

    public init(
        event: CanonicalEvent, connection: String, json: String? = nil, subscribers: [String] = [], accountConnections: [String]? = nil
    ) {
        self.event = event
        self.connection = connection
        self.json = json ?? event.jsonLine
        self.subscribers = subscribers
        self.accountConnections = accountConnections ?? [connection]
    }
}

/// What an ``EventLog/append(_:)`` stored.
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
