import SwitchboardCore

extension SQLiteEventStore {
    /// The filter over `events` as SQL, its lists bound as JSON arrays at ?3 (kinds), ?4 (channels), ?5 (connections).
    static let redeliverFilterSQL =
        "\(anyOf("kind", list: 3)) AND \(anyOf("channel", list: 4)) AND \(anyOf("connection", list: 5))"

    /// `column` is one of the JSON array of strings bound at `?list`, or that array is empty (no restriction).
    static func anyOf(_ column: String, list parameter: Int) -> String {
        "(json_array_length(?\(parameter)) = 0 OR \(column) IN (SELECT value FROM json_each(?\(parameter))))"
    }

    public func redeliver(subscriber: String, filter: EventFilter, since: Timestamp, now: Timestamp, limit: Int)
        async throws(StoreError) -> Int
    {
        // The first event received since then, found on a reader: a scan, but one that never holds up the writer.
        let first: Int64? = try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT MIN(seq) FROM events WHERE received_at >= ?1")
            statement.bind(1, since.milliseconds)
            defer { statement.reset() }
            guard try statement.step() else { return nil }
            return statement.optionalInt64(0)
        }
        guard let first else { return 0 }
        let lists = [filter.kinds, filter.channels, filter.connections].map(JSONValue.sortedStringArrayText)
        return try await writer.perform { connection throws(StoreError) in
            func bind(_ statement: SQLiteStatement) {
                statement.bind(1, subscriber)
                statement.bind(2, first)
                for (offset, list) in lists.enumerated() { statement.bind(Int32(3 + offset), list) }
            }
            let count = try connection.statement("SELECT COUNT(*) FROM events WHERE seq >= ?2 AND \(Self.redeliverFilterSQL)")
            bind(count)
            try count.step()
            let matching = Int(count.int64(0))
            count.reset()
            guard matching <= limit else { throw EventFilter.tooMany(matching, limit: limit) }
            // Every delivery of the subscriber from there on goes, then one per matching event in storage order: new
            // ids in event order keep each conversation's deliveries in order.
            let delete = try connection.statement("DELETE FROM deliveries WHERE subscriber = ?1 AND event_seq >= ?2")
            delete.bind(1, subscriber)
            delete.bind(2, first)
            try delete.step()
            let insert = try connection.statement(
                """
                INSERT INTO deliveries (event_seq, subscriber, conversation, created_at, next_attempt_at)
                SELECT seq, ?1, COALESCE(conversation, ''), ?6, ?6 FROM events WHERE seq >= ?2 AND \(Self.redeliverFilterSQL)
                ORDER BY seq
                """)
            bind(insert)
            insert.bind(6, now.milliseconds)
            try insert.step()
            return connection.changes
        }
    }
}
