import SwitchboardCore

/// Retention: old rows removed in short writes (see ``RetentionSweep``).
extension SQLiteEventStore {
    /// One table's sweep: its key, the time its keys follow, and the windowed `DELETE`s (`?1` after,
    /// `?2` up to, `?3` cutoff), each with the kind of row it removes.
    struct SweepTable {
        /// What a statement's changed rows count as; `nil` (a companion write) is not counted.
        enum Kind { case events, deliveries, quarantine, outbound }
        let table: String
        let key: String
        let time: String
        let deletes: [(kind: Kind?, sql: String)]
    }

    static let deliveriesSweep = SweepTable(
        table: "deliveries", key: "id", time: "created_at",
        deletes: [(.deliveries, "DELETE FROM deliveries WHERE id > ?1 AND id <= ?2 AND state = 'delivered' AND delivered_at < ?3")])

    static let eventsSweep = SweepTable(
        table: "events", key: "seq", time: "received_at",
        deletes: [
            (
                .deliveries,
                """
                DELETE FROM deliveries WHERE event_seq IN (
                    SELECT e.seq FROM events e WHERE e.seq > ?1 AND e.seq <= ?2 AND e.received_at < ?3
                    AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.event_seq = e.seq AND p.state = 'pending'))
                """
            ),
            (
                .events,
                """
                DELETE FROM events WHERE seq > ?1 AND seq <= ?2 AND received_at < ?3
                AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.event_seq = events.seq AND p.state = 'pending')
                """
            ),
        ])

    static let quarantineSweep = SweepTable(
        table: "quarantine", key: "id", time: "received_at",
        deletes: [(.quarantine, "DELETE FROM quarantine WHERE id > ?1 AND id <= ?2 AND received_at < ?3")])

    /// The window's old outbound messages: finished (`sent`, `failed`, `refused`), queued and last changed before the cutoff.
    static let oldOutbound =
        "seq > ?1 AND seq <= ?2 AND created_at < ?3 AND updated_at < ?3 AND state IN ('sent', 'failed', 'refused')"

    static let outboundSweep = SweepTable(
        table: "outbound_messages", key: "seq", time: "created_at",
        deletes: [
            // The contact stays known to the plan's contact count (which reads conversations and the send queue)
            // once its messages are gone: a conversation row for it, if it has none. Keys are
            // `channel:account:contact`; one without that shape is kept whole as the contact.
            (
                nil,
                """
                INSERT OR IGNORE INTO conversations (key, channel, account, contact, updated_at)
                SELECT k, CASE WHEN shaped THEN substr(k, 1, instr(k, ':') - 1) ELSE '' END,
                    CASE WHEN shaped THEN substr(rest, 1, instr(rest, ':') - 1) ELSE '' END,
                    CASE WHEN shaped THEN substr(rest, instr(rest, ':') + 1) ELSE k END, at
                FROM (SELECT k, rest, at, instr(k, ':') > 0 AND instr(rest, ':') > 0 AS shaped FROM (
                    SELECT conversation AS k, substr(conversation, instr(conversation, ':') + 1) AS rest, MAX(updated_at) AS at
                    FROM outbound_messages WHERE \(oldOutbound) GROUP BY conversation))
                """
            ),
            (nil, "DELETE FROM outbound_history WHERE message_id IN (SELECT id FROM outbound_messages WHERE \(oldOutbound))"),
            (nil, "DELETE FROM outbound_attempts WHERE message_id IN (SELECT id FROM outbound_messages WHERE \(oldOutbound))"),
            (nil, "DELETE FROM dead_letters WHERE message_id IN (SELECT id FROM outbound_messages WHERE \(oldOutbound))"),
            (.outbound, "DELETE FROM outbound_messages WHERE \(oldOutbound)"),
        ])

    public func prune(_ cutoffs: RetentionCutoffs, batchSize: Int) async throws(StoreError) -> PruneCounts {
        var counts = PruneCounts()
        // Acknowledged deliveries first: the events' sweep then finds fewer rows to remove with them.
        for (cutoff, table) in [
            (cutoffs.deliveries, Self.deliveriesSweep), (cutoffs.events, Self.eventsSweep), (cutoffs.quarantine, Self.quarantineSweep),
            (cutoffs.outbound, Self.outboundSweep),
        ] {
            if let cutoff { counts += try await sweep(table, before: cutoff, batchSize: batchSize) }
        }
        return counts
    }

    /// Rows removed by one table's sweep.
    private func sweep(_ sweep: SweepTable, before cutoff: Timestamp, batchSize: Int) async throws(StoreError) -> PruneCounts {
        let keys = try readers.read { connection throws(StoreError) -> (first: Int64, last: Int64)? in
            let statement = try connection.statement("SELECT MIN(\(sweep.key)), MAX(\(sweep.key)) FROM \(sweep.table)")
            defer { statement.reset() }
            guard try statement.step(), !statement.isNull(0) else { return nil }
            return (statement.int64(0), statement.int64(1))
        }
        let rowSQL = "SELECT \(sweep.key), \(sweep.time) FROM \(sweep.table) WHERE \(sweep.key) >= ?1 ORDER BY \(sweep.key) LIMIT 1"
        return try await RetentionSweep.sweep(
            before: cutoff.milliseconds, size: batchSize, keys: keys,
            row: { key throws(StoreError) in
                try readers.read { connection throws(StoreError) -> (key: Int64, time: Int64)? in
                    let statement = try connection.statement(rowSQL)
                    defer { statement.reset() }
                    statement.bind(1, key)
                    guard try statement.step() else { return nil }
                    return (statement.int64(0), statement.int64(1))
                }
            },
            delete: { after, upTo throws(StoreError) in
                try await writer.perform(urgent: false) { connection throws(StoreError) -> PruneCounts in
                    var removed = PruneCounts()
                    for (kind, sql) in sweep.deletes {
                        let statement = try connection.statement(sql)
                        statement.bind(1, after)
                        statement.bind(2, upTo)
                        statement.bind(3, cutoff.milliseconds)
                        try statement.step()
                        switch kind {
                        case .events: removed.events += connection.changes
                        case .deliveries: removed.deliveries += connection.changes
                        case .quarantine: removed.quarantined += connection.changes
                        case .outbound: removed.outbound += connection.changes
                        case nil: break
                        }
                    }
                    return removed
                }
            })
    }
}
