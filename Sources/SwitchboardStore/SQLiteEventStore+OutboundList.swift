import SwitchboardCore
import SwitchboardQueue

extension SQLiteEventStore {
    public func outboundMessages(state: OutboundQueueState, connections: Set<String>, limit: Int, before: Int64?) async throws(StoreError)
        -> [OutboundRecord]
    {
        // The state goes into the SQL as a literal (one of the fixed set), so SQLite can use the partial index
        // of dead, failed or refused messages, which a bound parameter would not match.
        try readers.read { connection throws(StoreError) in
            // The connections as a JSON array (`json_each`), or all of them when the array is empty.
            let statement = try connection.statement(
                """
                SELECT \(Self.outboundColumns) FROM outbound_messages
                WHERE state = '\(state.rawValue)' AND seq < ?1
                  AND \(Self.anyOf("connection", list: 2))
                ORDER BY seq DESC LIMIT ?3
                """)
            statement.bind(1, before ?? Int64.max)
            statement.bind(2, JSONValue.sortedStringArrayText(connections))
            statement.bind(3, limit)
            var found: [OutboundRecord] = []
            while try statement.step() { found.append(Self.readOutbound(statement)) }
            return found
        }
    }
}
