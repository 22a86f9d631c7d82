import Logging
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
        if let cutoff = cutoffs.outbound?.milliseconds {
            counts += try await sweep("outbound_messages", key: "seq", time: "created_at", before: cutoff, batchSize: batchSize) {
                after, upTo throws(StoreError) in
                try await self.pruneOutbound(after: after, upTo: upTo, before: cutoff)
            }
        }
        return counts
    }

    /// Finished outbound messages of the window (`sent`, `failed`, `refused`; queued and last changed before `cutoff`),
    /// with their history and a redriven dead letter's record; each contact is first written to the
    /// conversations table if it is not there, so the plan's contact count does not drop (as in SQLite).
    private func pruneOutbound(after: Int64, upTo: Int64, before cutoff: Int64) async throws(StoreError) -> PruneCounts {
        let old = """
            SELECT id FROM outbound_messages WHERE seq > $1 AND seq <= $2 AND created_at < $3 AND updated_at < $3
            AND state IN ('sent', 'failed', 'refused')
            """
        let removed = try await transaction("prune outbound") { connection in
            let bindings = Self.window(after: after, upTo: upTo, before: cutoff)
            // `channel:account:contact`; a key without that shape is kept whole as the contact.
            let remember = """
                INSERT INTO conversations (key, channel, account, contact, updated_at)
                SELECT k, CASE WHEN shaped THEN split_part(k, ':', 1) ELSE '' END, CASE WHEN shaped THEN split_part(k, ':', 2) ELSE '' END,
                    CASE WHEN shaped THEN substr(k, length(split_part(k, ':', 1)) + length(split_part(k, ':', 2)) + 3) ELSE k END, at
                FROM (SELECT conversation AS k, MAX(updated_at) AS at, conversation LIKE '%:%:%' AS shaped FROM outbound_messages
                    WHERE id IN (\(old)) GROUP BY conversation) AS contacts
                ON CONFLICT (key) DO NOTHING
                """
            for statement in [
                remember, "DELETE FROM outbound_history WHERE message_id IN (\(old))",
                "DELETE FROM outbound_attempts WHERE message_id IN (\(old))",
                "DELETE FROM dead_letters WHERE message_id IN (\(old))",
            ] {
                try await connection.query(PostgresQuery(unsafeSQL: statement, binds: bindings), logger: self.logger)
            }
            return try await Self.removed(
                "DELETE FROM outbound_messages WHERE id IN (\(old))", binds: bindings, on: connection, logger: self.logger)
        }
        return PruneCounts(outbound: removed)
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
            let bindings = Self.window(after: after, upTo: upTo, before: cutoff)
            // The deliveries first: they reference the events.
            let deliveries = try await Self.removed(
                "DELETE FROM deliveries WHERE event_seq IN (\(old))", binds: bindings, on: connection, logger: logger)
            let events = try await Self.removed("DELETE FROM events WHERE seq IN (\(old))", binds: bindings, on: connection, logger: logger)
            return PruneCounts(events: events, deliveries: deliveries)
        }
    }

    /// The bindings of a window's statements: `$1` after, `$2` up to, `$3` the cutoff.
    private static func window(after: Int64, upTo: Int64, before cutoff: Int64) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(after)
        bindings.append(upTo)
        bindings.append(cutoff)
        return bindings
    }

    /// Runs one `DELETE` (without `RETURNING`) in a transaction and counts the rows it removed.
    private static func removed(
        _ delete: String, binds: PostgresBindings, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "WITH removed AS (\(delete) RETURNING 1) SELECT COUNT(*) FROM removed", binds: binds), logger: logger)
        var count = 0
        for try await value in rows.decode(Int64.self) { count = Int(value) }
        return count
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
