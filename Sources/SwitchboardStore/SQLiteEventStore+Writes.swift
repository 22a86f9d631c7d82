import SwitchboardCore

/// The transaction body of ``SQLiteEventStore/append(_:)``: persists an ``InboundPlan`` on the writer thread.
/// The single writer makes each read-compute-write below atomic.
extension SQLiteEventStore {
    static let insertEventSQL =
        "INSERT INTO events (id, conversation, kind, channel, provider, account, connection, provider_message_id, timestamp, received_at, json) "
        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(id) DO NOTHING"

    static let insertDeliverySQL =
        "INSERT INTO deliveries (event_seq, subscriber, conversation, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5) "
        + "ON CONFLICT(event_seq, subscriber) DO NOTHING"

    /// Inserts the plan's new events and their deliveries, then writes the conversation states, the outbound
    /// delivery statuses (and the holds they end) and the account changes the plan computes from the stored ones.
    static func persist(_ plan: InboundPlan, settings: LedgerStoreSettings, into connection: SQLiteConnection) throws(StoreError)
        -> AppendResult
    {
        var result = AppendResult()
        var inserted: [Bool] = []
        inserted.reserveCapacity(plan.steps.count)
        let insertEvent = try connection.statement(insertEventSQL)
        for step in plan.steps {
            let event = step.record.event
            insertEvent.reset()
            insertEvent.bind(1, event.id)
            insertEvent.bind(2, event.conversation)
            insertEvent.bind(3, event.kind.rawValue)
            insertEvent.bind(4, event.channel.rawValue)
            insertEvent.bind(5, event.provider.rawValue)
            insertEvent.bind(6, event.account)
            insertEvent.bind(7, step.record.connection)
            insertEvent.bind(8, event.providerMessageID)
            insertEvent.bind(9, event.timestamp?.milliseconds)
            insertEvent.bind(10, plan.receivedAt.milliseconds)
            insertEvent.bind(11, step.record.json)
            try insertEvent.step()
            guard connection.changes == 1 else {
                result.duplicates.append(event.id)
                inserted.append(false)
                continue
            }
            result.inserted.append(event.id)
            inserted.append(true)
            try insertDeliveries(step.deliveries, eventSequence: connection.lastInsertRowID, connection: connection)
        }
        try saveConversations(plan, inserted: inserted, connection: connection)
        try applyStatusReports(plan.statusReports(inserted: inserted), at: plan.receivedAt, settings: settings, connection: connection)
        try applyAccountChanges(plan.accountChanges(inserted: inserted), at: plan.receivedAt, connection: connection)
        return result
    }

    private static func insertDeliveries(_ deliveries: [InboundPlan.Delivery], eventSequence: Int64, connection: SQLiteConnection)
        throws(StoreError)
    {
        guard !deliveries.isEmpty else { return }
        let insert = try connection.statement(insertDeliverySQL)
        for delivery in deliveries {
            insert.reset()
            insert.bind(1, eventSequence)
            insert.bind(2, delivery.subscriber)
            insert.bind(3, delivery.conversation)
            insert.bind(4, delivery.createdAt.milliseconds)
            insert.bind(5, delivery.nextAttemptAt.milliseconds)
            try insert.step()
        }
    }

    /// Reads the stored states of the conversations the new events change (from the writer's cache when it has
    /// them) and writes the states the plan computes.
    private static func saveConversations(_ plan: InboundPlan, inserted: [Bool], connection: SQLiteConnection) throws(StoreError) {
        let keys = plan.changedConversations(inserted: inserted)
        guard !keys.isEmpty else { return }
        var current: [String: ConversationState] = [:]
        for key in keys {
            if let cached = connection.conversationCache[key] {
                current[key] = cached
            } else if let stored = try loadConversation(key, connection: connection) {
                current[key] = stored
            }
        }
        let states = plan.conversationStates(from: current, inserted: inserted)
        let upsert = try connection.statement(ConversationState.upsertSQL)
        if connection.conversationCache.count + states.count > connection.conversationCacheLimit {
            connection.conversationCache.removeAll(keepingCapacity: true)
        }
        for key in states.keys.sorted() {
            upsert.reset()
            states[key]?.bind(to: upsert, updatedAt: plan.receivedAt)
            try upsert.step()
            connection.conversationCache[key] = states[key]
        }
    }

    static func loadConversation(_ key: String, connection: SQLiteConnection) throws(StoreError) -> ConversationState? {
        let statement = try connection.statement("SELECT \(ConversationState.columns) FROM conversations WHERE key = ?1")
        statement.bind(1, key)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return ConversationState.read(from: statement)
    }
}
