import SwitchboardCore

/// The transaction body of ``SQLiteEventStore/append(_:receivedAt:)``: runs on the writer thread.
extension SQLiteEventStore {
    static let insertEventSQL =
        "INSERT INTO events (id, conversation, kind, channel, provider, account, connection, provider_message_id, timestamp, received_at, json) "
        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(id) DO NOTHING"

    static let insertDeliverySQL =
        "INSERT INTO deliveries (event_seq, subscriber, conversation, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4) "
        + "ON CONFLICT(event_seq, subscriber) DO NOTHING"

    /// Inserts new events, their deliveries, and the conversation states they change.
    static func insert(_ records: [EventRecord], receivedAt: Timestamp, into connection: SQLiteConnection) throws(StoreError)
        -> AppendResult
    {
        var result = AppendResult()
        var states: [String: ConversationState] = [:]
        let insertEvent = try connection.statement(insertEventSQL)
        for record in records {
            let event = record.event
            insertEvent.reset()
            insertEvent.bind(1, event.id)
            insertEvent.bind(2, event.conversation)
            insertEvent.bind(3, event.kind.rawValue)
            insertEvent.bind(4, event.channel.rawValue)
            insertEvent.bind(5, event.provider.rawValue)
            insertEvent.bind(6, event.account)
            insertEvent.bind(7, record.connection)
            insertEvent.bind(8, event.providerMessageID)
            insertEvent.bind(9, event.timestamp?.milliseconds)
            insertEvent.bind(10, receivedAt.milliseconds)
            insertEvent.bind(11, record.json)
            try insertEvent.step()
            guard connection.changes == 1 else {
                result.duplicates.append(event.id)
                continue
            }
            result.inserted.append(event.id)
            let sequence = connection.lastInsertRowID
            try applyProviderStatus(event, connection: connection)
            if !record.subscribers.isEmpty {
                let insertDelivery = try connection.statement(insertDeliverySQL)
                for subscriber in record.subscribers {
                    insertDelivery.reset()
                    insertDelivery.bind(1, sequence)
                    insertDelivery.bind(2, subscriber)
                    insertDelivery.bind(3, event.conversation ?? "")
                    insertDelivery.bind(4, receivedAt.milliseconds)
                    try insertDelivery.step()
                }
            }
            if let key = event.conversation, let contact = event.contact {
                var state: ConversationState
                if let known = states[key] ?? connection.conversationCache[key] {
                    state = known
                } else {
                    state =
                        try loadConversation(key, connection: connection)
                        ?? ConversationState(channel: event.channel, account: event.account, contact: contact.id)
                }
                state.apply(event, receivedAt: receivedAt)
                states[key] = state
            }
        }
        if !states.isEmpty {
            let upsert = try connection.statement(ConversationState.upsertSQL)
            if connection.conversationCache.count + states.count > connection.conversationCacheLimit {
                connection.conversationCache.removeAll(keepingCapacity: true)
            }
            for key in states.keys.sorted() {
                upsert.reset()
                states[key]?.bind(to: upsert, updatedAt: receivedAt)
                try upsert.step()
                connection.conversationCache[key] = states[key]
            }
        }
        return result
    }

    static func loadConversation(_ key: String, connection: SQLiteConnection) throws(StoreError) -> ConversationState? {
        let statement = try connection.statement("SELECT \(ConversationState.columns) FROM conversations WHERE key = ?1")
        statement.bind(1, key)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return ConversationState.read(from: statement)
    }
}
