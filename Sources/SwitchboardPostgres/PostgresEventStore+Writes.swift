import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardStore

/// ``PostgresEventStore/append(_:receivedAt:)``: events, their deliveries and the conversation states they
/// change, in one transaction.
extension PostgresEventStore {
    public func append(_ records: [EventRecord], receivedAt: Timestamp) async throws(StoreError) -> AppendResult {
        guard !records.isEmpty else { return AppendResult() }
        let logger = self.logger
        let result = try await transaction("append") { connection in
            try await Self.insert(records, receivedAt: receivedAt, connection: connection, logger: logger)
        }
        if !result.inserted.isEmpty {
            changes.signal()
            notifier.markChanged(events: true)
        }
        return result
    }

    /// The transaction body of ``append(_:receivedAt:)``.
    ///
    /// Concurrency between processes: the conversations the records touch are created if missing and then
    /// locked (`FOR UPDATE`) in key order before anything else is written, so two appends to one
    /// conversation run one after the other. That keeps the read-modify-write of the conversation state
    /// free of lost updates, and makes delivery ids of one conversation grow in commit order, which the
    /// in-order claim of ``dueDeliveries(now:limit:)`` relies on. Locking in key order keeps two appends
    /// from deadlocking on each other; a deadlock with anything else is retried by ``transaction(_:_:)``.
    static func insert(
        _ records: [EventRecord], receivedAt: Timestamp, connection: PostgresConnection, logger: Logger
    ) async throws -> AppendResult {
        var states: [String: ConversationState] = [:]
        var fresh: [String: ConversationState] = [:]
        for record in records {
            guard let key = record.event.conversation, let contact = record.event.contact, fresh[key] == nil else { continue }
            fresh[key] = ConversationState(
                conversation: key, channel: record.event.channel, account: record.event.account, contact: contact.id)
        }
        let received = receivedAt.milliseconds
        for key in fresh.keys.sorted() {
            guard let seed = fresh[key] else { continue }
            try await connection.query(
                """
                INSERT INTO conversations (key, channel, account, contact, updated_at)
                VALUES (\(key), \(seed.channel.rawValue), \(seed.account), \(seed.contact), \(received))
                ON CONFLICT (key) DO NOTHING
                """, logger: logger)
            let rows = try await connection.query(
                "SELECT \(unescaped: ConversationState.postgresColumns) FROM conversations WHERE key = \(key) FOR UPDATE",
                logger: logger)
            var state = seed
            for try await row in rows { state = try ConversationState(postgresRow: row) ?? seed }
            states[key] = state
        }
        // Status webhooks and the send that learns its provider id serialize on that id (see
        // `lockProviderMessages`), taken after the conversations, in id order, as every writer does.
        let reported = Set(records.compactMap { ProviderStatusReport(event: $0.event)?.providerMessageID })
        try await lockProviderMessages(reported, connection: connection, logger: logger)

        var result = AppendResult()
        var changed: Set<String> = []
        for record in records {
            let event = record.event
            let inserted = try await connection.query(
                """
                INSERT INTO events (id, conversation, kind, channel, provider, account, connection, provider_message_id,
                                    timestamp, received_at, json)
                VALUES (\(event.id), \(event.conversation), \(event.kind.rawValue), \(event.channel.rawValue),
                        \(event.provider.rawValue), \(event.account), \(record.connection), \(event.providerMessageID),
                        \(event.timestamp?.milliseconds), \(received), \(record.json))
                ON CONFLICT (id) DO NOTHING RETURNING seq
                """, logger: logger)
            var sequence: Int64?
            for try await seq in inserted.decode(Int64.self) { sequence = seq }
            guard let sequence else {
                result.duplicates.append(event.id)
                continue
            }
            result.inserted.append(event.id)
            try await applyProviderStatus(event, connection: connection, logger: logger)
            for subscriber in record.subscribers {
                try await connection.query(
                    """
                    INSERT INTO deliveries (event_seq, subscriber, conversation, created_at, next_attempt_at)
                    VALUES (\(sequence), \(subscriber), \(event.conversation ?? ""), \(received), \(received))
                    ON CONFLICT (event_seq, subscriber) DO NOTHING
                    """, logger: logger)
            }
            if let key = event.conversation, event.contact != nil, var state = states[key] {
                state.apply(event, receivedAt: receivedAt)
                states[key] = state
                changed.insert(key)
            }
        }
        for key in changed.sorted() {
            guard let state = states[key] else { continue }
            try await connection.query(state.postgresUpdate(updatedAt: receivedAt), logger: logger)
        }
        return result
    }
}
