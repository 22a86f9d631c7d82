import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// The send attempts on PostgreSQL: one row per attempt, committed before its request leaves.
extension PostgresEventStore {
    public func recordAttemptStart(_ start: OutboundAttemptStart) async throws {
        _ = try await fetch(
            """
            INSERT INTO outbound_attempts (message_id, attempt, started_at, process)
            VALUES (\(start.messageID), \(start.attempt), \(start.startedAt.milliseconds), \(start.process))
            """, doing: "recordAttemptStart")
    }

    public func outboundAttempts(id: String) async throws(StoreError) -> [OutboundAttemptStart] {
        let rows = try await fetch(
            "SELECT attempt, started_at, process FROM outbound_attempts WHERE message_id = \(id) ORDER BY seq", doing: "outboundAttempts")
        return try decode("outboundAttempts") {
            try rows.map { row in
                let (attempt, startedAt, process) = try row.decode((Int, Int64, String).self)
                return OutboundAttemptStart(messageID: id, attempt: attempt, startedAt: Timestamp(milliseconds: startedAt), process: process)
            }
        }
    }
}
