import PostgresNIO
import SwitchboardCore
import SwitchboardStore

extension PostgresEventStore {
    public func redeliver(subscriber: String, filter: EventFilter, since: Timestamp, now: Timestamp, limit: Int)
        async throws(StoreError) -> Int
    {
        let rows = try await fetch("SELECT MIN(seq) FROM events WHERE received_at >= \(since.milliseconds)", doing: "redeliver")
        guard let first = try decode("redeliver", { try rows.first?.decode(Int64?.self) ?? nil }) else { return 0 }
        let logger = self.logger
        let (kinds, channels, connections) = (filter.kinds, filter.channels, filter.connections)
        let queued = try await transaction("redeliver") { connection -> Int in
            // Every delivery of the subscriber from there on goes, then one per matching event in storage order (new
            // ids in event order keep each conversation's deliveries in order); over the limit, the transaction is
            // rolled back.
            try await connection.query(
                "DELETE FROM deliveries WHERE subscriber = \(subscriber) AND event_seq >= \(first)", logger: logger)
            var inserted = 0
            for try await _ in try await connection.query(
                """
                INSERT INTO deliveries (event_seq, subscriber, conversation, created_at, next_attempt_at)
                SELECT seq, \(subscriber), COALESCE(conversation, ''), \(now.milliseconds), \(now.milliseconds)
                FROM events
                WHERE seq >= \(first)
                  AND (cardinality(\(kinds)::text[]) = 0 OR kind = ANY(\(kinds)::text[]))
                  AND (cardinality(\(channels)::text[]) = 0 OR channel = ANY(\(channels)::text[]))
                  AND (cardinality(\(connections)::text[]) = 0 OR connection = ANY(\(connections)::text[]))
                ORDER BY seq
                RETURNING 1
                """, logger: logger)
            {
                inserted += 1
            }
            guard inserted <= limit else { throw EventFilter.tooMany(inserted, limit: limit) }
            return inserted
        }
        if queued > 0 {
            changes.signal()
            notifier.markChanged(events: true)
        }
        return queued
    }
}
