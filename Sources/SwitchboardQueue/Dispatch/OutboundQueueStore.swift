import SwitchboardCore

/// What the ``Dispatcher`` needs from durable storage. `SwitchboardStore`'s SQLite store implements it.
public protocol OutboundQueueStore: Sendable {
    /// Messages that may be worked on at `now`: for each conversation only its oldest active message
    /// (queued, retry-wait or sending), and only when it is due (`next_attempt_at <= now`; for `sending`
    /// that means its lease expired). Oldest due first. Messages in `excluding` (being sent by this process)
    /// are left out, and their conversations with them: they still hold their conversation's order.
    func dueOutbound(now: Timestamp, limit: Int, excluding: Set<String>) async throws -> OutboundDue

    /// Every message in `state` (used at start to take back the leases of a stopped process).
    func outbound(inState state: OutboundQueueState, limit: Int) async throws -> [OutboundRecord]

    /// Applies transitions in one durable step; for each, whether it applied (its compare-and-set matched).
    func applyOutbound(_ transitions: [OutboundTransition]) async throws -> [Bool]

    /// Stores, durably, that an attempt is about to go out (before the request leaves), so that an attempt without
    /// an outcome is identifiable after a crash (``OutboundAttemptStart/abandoned(in:)``), but only while the
    /// message is still as this process read it: in `expectedState` with `start.attempt - 1` attempts and, on a
    /// store several processes share, still claimed by this one (the claim is renewed for a full lease). `false`:
    /// it changed or another process took it over (its claim ran out while this one waited): do not send.
    func recordAttemptStart(_ start: OutboundAttemptStart, expectedState: OutboundQueueState) async throws -> Bool
}

/// The answer of ``OutboundQueueStore/dueOutbound(now:limit:excluding:)``.
public struct OutboundDue: Sendable, Hashable {
    public var records: [OutboundRecord]
    /// The earliest `next_attempt_at` among active messages (what to sleep until), or `nil` when none.
    public var nextDueAt: Timestamp?

    public init(records: [OutboundRecord], nextDueAt: Timestamp?) {
        self.records = records
        self.nextDueAt = nextDueAt
    }
}

extension OutboundQueueStore {
    /// Due messages, none excluded.
    public func dueOutbound(now: Timestamp, limit: Int) async throws -> OutboundDue {
        try await dueOutbound(now: now, limit: limit, excluding: [])
    }
}
