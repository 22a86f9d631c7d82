import SwitchboardCore
import SwitchboardQueue

/// The send attempts in the SQLite store: one row per attempt, written (and committed) before its request leaves.
extension SQLiteEventStore {
    public func recordAttemptStart(_ start: OutboundAttemptStart, expectedState: OutboundQueueState) async throws -> Bool {
        try await writer.perform { connection throws(StoreError) -> Bool in
            let insert = try connection.statement(
                "INSERT INTO outbound_attempts (message_id, attempt, started_at, process) SELECT ?1, ?2, ?3, ?4 "
                    + "WHERE EXISTS (SELECT 1 FROM outbound_messages WHERE id = ?1 AND state = ?5 AND attempts = ?2 - 1)")
            insert.bind(1, start.messageID)
            insert.bind(2, Int64(start.attempt))
            insert.bind(3, start.startedAt.milliseconds)
            insert.bind(4, start.process)
            insert.bind(5, expectedState.rawValue)
            defer { insert.reset() }
            try insert.step()
            return connection.changes > 0
        }
    }

    public func outboundAttempts(id: String) async throws(StoreError) -> [OutboundAttemptStart] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                "SELECT attempt, started_at, process FROM outbound_attempts WHERE message_id = ?1 ORDER BY rowid")
            statement.bind(1, id)
            defer { statement.reset() }
            var attempts: [OutboundAttemptStart] = []
            while try statement.step() {
                attempts.append(
                    OutboundAttemptStart(
                        messageID: id, attempt: Int(statement.int64(0)), startedAt: Timestamp(milliseconds: statement.int64(1)),
                        process: statement.string(2)))
            }
            return attempts
        }
    }
}
