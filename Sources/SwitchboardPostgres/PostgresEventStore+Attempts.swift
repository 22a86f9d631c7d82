import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// The send attempts on PostgreSQL: one row per attempt, committed before its request leaves.
extension PostgresEventStore {
    /// One statement: renews this node's claim on the message for a full lease while it is still as read and still
    /// claimed by this node, and records the attempt only then. A claim that ran out while the dispatcher waited
    /// (its rate limiter, a `Retry-After` pause) and was taken by another node stops the send here.
    public func recordAttemptStart(_ start: OutboundAttemptStart, expectedState: OutboundQueueState) async throws -> Bool {
        let leaseEnd = start.startedAt.milliseconds + configuration.claimLeaseMilliseconds
        let rows = try await fetch(
            """
            WITH claim AS (
                UPDATE outbound_messages SET claimed_until = GREATEST(claimed_until, \(leaseEnd))
                WHERE id = \(start.messageID) AND state = \(expectedState.rawValue) AND attempts = \(start.attempt - 1)
                  AND claimed_by = \(node)
                RETURNING id
            )
            INSERT INTO outbound_attempts (message_id, attempt, started_at, process)
            SELECT id, \(start.attempt), \(start.startedAt.milliseconds), \(start.process) FROM claim
            RETURNING seq
            """, doing: "recordAttemptStart")
        return !rows.isEmpty
    }

    public func outboundAttempts(id: String) async throws(StoreError) -> [OutboundAttemptStart] {
        let rows = try await fetch(
            "SELECT attempt, started_at, process FROM outbound_attempts WHERE message_id = \(id) ORDER BY seq", doing: "outboundAttempts")
        return try decode("outboundAttempts") {
            try rows.map { row in
                let (attempt, startedAt, process) = try row.decode((Int, Int64, String).self)
                return OutboundAttemptStart(
                    messageID: id, attempt: attempt, startedAt: Timestamp(milliseconds: startedAt), process: process)
            }
        }
    }
}
