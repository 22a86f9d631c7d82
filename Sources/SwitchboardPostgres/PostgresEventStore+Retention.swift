import PostgresNIO
import SwitchboardCore
import SwitchboardStore

/// Retention: old rows removed in short transactions (see ``RetentionSweep``), as the SQLite store does.
extension PostgresEventStore {
    public func prune(_ cutoffs: RetentionCutoffs, batchSize: Int) async throws(StoreError) -> PruneCounts {
        var counts = PruneCounts()
        if let cutoff = cutoffs.deliveries?.milliseconds {
            counts += try await sweep("deliveries", key: "id", time: "created_at", before: cutoff, batchSize: batchSize) {
                after, upTo throws(StoreError) in
                let removed = try await self.count(
                    """
                    WITH removed AS (
                        DELETE FROM deliveries WHERE id > \(after) AND id <= \(upTo) AND state = 'delivered' AND delivered_at < \(cutoff)
                        RETURNING 1)
                    SELECT COUNT(*) FROM removed
                    """, doing: "prune deliveries")
                return PruneCounts(deliveries: removed)
            }
        }
        if let cutoff = cutoffs.events?.milliseconds {
            counts += try await sweep("events", key: "seq", time: "received_at", before: cutoff, batchSize: batchSize) {
                after, upTo throws(StoreError) in
                try await self.pruneEvents(after: after, upTo: upTo, before: cutoff)
            }
        }
        if let cutoff = cutoffs.quarantine?.milliseconds {
            counts += try await sweep("quarantine", key: "id", time: "received_at", before: cutoff, batchSize: batchSize) {
                after, upTo throws(StoreError) in
                let removed = try await self.count(
                    """
                    WITH removed AS (
                        DELETE FROM quarantine WHERE id > \(after) AND id <= \(upTo) AND received_at < \(cutoff) RETURNING 1)
                    SELECT COUNT(*) FROM removed
                    """, doing: "prune quarantine")
                return PruneCounts(quarantined: removed)
            }
        }
        return counts
    }

    /// Events of the window received before `cutoff` whose deliveries are all done, with those deliveries
    /// (first, in the same transaction: they reference the event).
    private func pruneEvents(after: Int64, upTo: Int64, before cutoff: Int64) async throws(StoreError) -> PruneCounts {
        let logger = self.logger
        return try await transaction("prune events") { connection in
            let old = """
                SELECT e.seq FROM events e WHERE e.seq > $1 AND e.seq <= $2 AND e.received_at < $3
                AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.event_seq = e.seq AND p.state = 'pending')
                """
            var bindings = PostgresBindings()
            bindings.append(after)
            bindings.append(upTo)
            bindings.append(cutoff)
            /// Runs one `DELETE` (without `RETURNING`) and counts the rows it removed.
            func removed(_ delete: String) async throws -> Int {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "WITH removed AS (\(delete) RETURNING 1) SELECT COUNT(*) FROM removed", binds: bindings),
                    logger: logger)
                var count = 0
                for try await value in rows.decode(Int64.self) { count = Int(value) }
                return count
            }
            // The deliveries first: they reference the events.
            let deliveries = try await removed("DELETE FROM deliveries WHERE event_seq IN (\(old))")
            let events = try await removed("DELETE FROM events WHERE seq IN (\(old))")
            return PruneCounts(events: events, deliveries: deliveries)
        }
    }

    /// One table's sweep: its key range, the row lookup the binary search uses, and the windowed delete.
    private func sweep(
        _ table: String, key: String, time: String, before cutoff: Int64, batchSize: Int,
        delete: (Int64, Int64) async throws(StoreError) -> PruneCounts
    ) async throws(StoreError) -> PruneCounts {
        let range = try await fetch(
            "SELECT MIN(\(unescaped: key)), MAX(\(unescaped: key)) FROM \(unescaped: table)", doing: "prune \(table)")
        let keys = try decode("prune \(table)") { () throws -> (first: Int64, last: Int64)? in
            guard let row = range.first else { return nil }
            let (first, last) = try row.decode((Int64?, Int64?).self)
            guard let first, let last else { return nil }
            return (first, last)
        }
        return try await RetentionSweep.sweep(
            before: cutoff, size: batchSize, keys: keys,
            row: { start throws(StoreError) in
                let rows = try await self.fetch(
                    """
                    SELECT \(unescaped: key), \(unescaped: time) FROM \(unescaped: table) WHERE \(unescaped: key) >= \(start)
                    ORDER BY \(unescaped: key) LIMIT 1
                    """, doing: "prune \(table)")
                return try self.decode("prune \(table)") { () throws -> (key: Int64, time: Int64)? in
                    guard let row = rows.first else { return nil }
                    let (found, at) = try row.decode((Int64, Int64).self)
                    return (found, at)
                }
            },
            delete: delete)
    }

    /// The single `COUNT(*)` a statement returns.
    private func count(_ query: PostgresQuery, doing what: String) async throws(StoreError) -> Int {
        let rows = try await fetch(query, doing: what)
        return try decode(what) { try rows.first.map { Int(try $0.decode(Int64.self)) } ?? 0 }
    }
}
