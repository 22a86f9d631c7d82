import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// ``PostgresEventStore/append(_:)``: persists an ``InboundPlan`` (events, their deliveries, the conversation
/// states and the outbound delivery statuses the plan computes) in one transaction.
extension PostgresEventStore {
    public func append(_ plan: InboundPlan) async throws(StoreError) -> AppendResult {
        guard !plan.steps.isEmpty else { return AppendResult() }
        let (logger, settings) = (self.logger, ledgerSettings.withLock { $0 })
        let result = try await transaction("append") { connection in
            try await Self.persist(plan, settings: settings, connection: connection, logger: logger)
        }
        if !result.inserted.isEmpty {
            changes.signal()
            notifier.markChanged(events: true)
        }
        return result
    }

    /// The transaction body of ``append(_:)``.
    ///
    /// Concurrency between processes: the conversations the plan touches are created if missing and then
    /// locked (`FOR UPDATE`) in key order before anything else is written, so two appends to one
    /// conversation run one after the other. That keeps the read-compute-write of the conversation state
    /// free of lost updates, and makes delivery ids of one conversation grow in commit order, which the
    /// in-order claim of ``dueDeliveries(now:limit:)`` relies on. The outbound messages a status reports on
    /// are read `FOR UPDATE` after the provider-id locks (`lockProviderMessages`). Locking in key order keeps
    /// two appends from deadlocking on each other; a deadlock with anything else is retried by
    /// ``transaction(_:_:)``.
    ///
    /// The ledger (docs/ledger.md): the wallets whose holds the status reports may end are locked before the
    /// conversations (with the conversations of holds that may give attachment bytes back), as every ledger
    /// write locks them; the holds are ended after the statuses are saved, and the account changes applied.
    static func persist(
        _ plan: InboundPlan, settings: LedgerStoreSettings, connection: PostgresConnection, logger: Logger
    ) async throws -> AppendResult {
        let received = plan.receivedAt.milliseconds
        let affected = try await holdLockSet(
            messageIDs: [], providerIDs: plan.reportedProviderMessageIDs, connection: connection, logger: logger)
        try await lockWallets(affected.wallets, connection: connection, logger: logger)
        var current: [String: ConversationState] = [:]
        for key in Set(plan.conversationKeys).union(affected.conversations).sorted() {
            if let seed = plan.seeds[key] {
                try await connection.query(
                    """
                    INSERT INTO conversations (key, channel, account, contact, updated_at)
                    VALUES (\(key), \(seed.channel.rawValue), \(seed.account), \(seed.contact), \(received))
                    ON CONFLICT (key) DO NOTHING
                    """, logger: logger)
            }
            let rows = try await connection.query(
                "SELECT \(unescaped: ConversationState.postgresColumns) FROM conversations WHERE key = \(key) FOR UPDATE",
                logger: logger)
            for try await row in rows { current[key] = try ConversationState(postgresRow: row) }
        }
        // Status webhooks and the send that learns its provider id serialize on that id (see
        // `lockProviderMessages`), taken after the conversations, in id order, as every writer does.
        try await lockProviderMessages(Set(plan.reportedProviderMessageIDs), connection: connection, logger: logger)

        var result = AppendResult()
        var inserted: [Bool] = []
        for step in plan.steps {
            let event = step.record.event
            let rows = try await connection.query(
                """
                INSERT INTO events (id, conversation, kind, channel, provider, account, connection, provider_message_id,
                                    timestamp, received_at, json)
                VALUES (\(event.id), \(event.conversation), \(event.kind.rawValue), \(event.channel.rawValue),
                        \(event.provider.rawValue), \(event.account), \(step.record.connection), \(event.providerMessageID),
                        \(event.timestamp?.milliseconds), \(received), \(step.record.json))
                ON CONFLICT (id) DO NOTHING RETURNING seq
                """, logger: logger)
            var sequence: Int64?
            for try await seq in rows.decode(Int64.self) { sequence = seq }
            guard let sequence else {
                result.duplicates.append(event.id)
                inserted.append(false)
                continue
            }
            result.inserted.append(event.id)
            inserted.append(true)
            for delivery in step.deliveries {
                try await connection.query(
                    """
                    INSERT INTO deliveries (event_seq, subscriber, conversation, created_at, next_attempt_at)
                    VALUES (\(sequence), \(delivery.subscriber), \(delivery.conversation), \(delivery.createdAt.milliseconds),
                            \(delivery.nextAttemptAt.milliseconds))
                    ON CONFLICT (event_seq, subscriber) DO NOTHING
                    """, logger: logger)
            }
        }
        let states = plan.conversationStates(from: current, inserted: inserted)
        for key in states.keys.sorted() {
            guard let state = states[key] else { continue }
            try await connection.query(state.postgresUpdate(updatedAt: plan.receivedAt), logger: logger)
        }
        let reports = plan.statusReports(inserted: inserted)
        let messages = try await applyStatusReports(reports, connection: connection, logger: logger)
        try await resolveReportedHolds(
            reports, messages: messages, at: plan.receivedAt, settings: settings, connection: connection, logger: logger)
        try await applyAccountChanges(plan.accountChanges(inserted: inserted), at: plan.receivedAt, connection: connection, logger: logger)
        return result
    }
}
