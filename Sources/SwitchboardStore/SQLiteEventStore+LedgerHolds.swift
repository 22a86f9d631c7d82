import SwitchboardCore
import SwitchboardLedger

/// Writer-thread bodies of the holds: inserted with their message, resolved by the send's outcome in the
/// transaction that records it (``resolveHold(messageID:event:cause:at:settings:connection:)``, one function
/// for the dispatcher's transitions, the webhook's status reports and the reports stored before the send
/// learned its provider id).
extension SQLiteEventStore {
    /// Who ended a hold: the dispatcher (actor `gateway`) or a provider status report (`provider:<connection>`).
    enum HoldCause {
        case dispatcher, provider
    }

    static let holdColumns =
        "message_id, wallet, amount_micros, category, rates, settles_on, state, attachment_bytes, attachment_month, conversation, created_at"

    static func insertHold(_ hold: HoldRecord, connection: SQLiteConnection) throws(StoreError) {
        let statement = try connection.statement(
            "INSERT INTO holds (\(holdColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        statement.bind(1, hold.messageID)
        statement.bind(2, hold.wallet)
        statement.bind(3, hold.amount.micros)
        statement.bind(4, hold.category)
        statement.bind(5, LedgerStoredJSON.ratesText(hold.rates))
        statement.bind(6, hold.settlesOn.rawValue)
        statement.bind(7, hold.state.rawValue)
        statement.bind(8, hold.attachmentBytes)
        statement.bind(9, hold.attachmentMonth)
        statement.bind(10, hold.conversation)
        statement.bind(11, hold.createdAt.milliseconds)
        try statement.step()
    }

    static func loadHold(messageID: String, connection: SQLiteConnection) throws(StoreError) -> HoldRecord? {
        let statement = try connection.statement("SELECT \(holdColumns) FROM holds WHERE message_id = ?1")
        statement.bind(1, messageID)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return HoldRecord(
            messageID: statement.string(0), wallet: statement.optionalString(1), amount: Money(micros: statement.int64(2)),
            category: statement.string(3), rates: LedgerStoredJSON.rates(fromText: statement.string(4)),
            settlesOn: HoldRecord.SettlesOn(rawValue: statement.string(5)) ?? .pricing,
            state: HoldRecord.State(rawValue: statement.string(6)) ?? .held, attachmentBytes: statement.int64(7),
            attachmentMonth: statement.optionalString(8), conversation: statement.string(9),
            createdAt: LedgerStoredJSON.timestamp(statement.int64(10)))
    }

    /// Ends the hold of `messageID` as ``HoldRecord/resolution(of:)`` decides for `event`: the hold's new state,
    /// the wallet's settle or release entry (with its notices), and the attachment bytes given back to the
    /// conversation's month. Nothing happens without a hold, or when it already ended (a re-delivered status).
    static func resolveHold(
        messageID: String, event: HoldEvent, cause: HoldCause, at: Timestamp, settings: LedgerStoreSettings, connection: SQLiteConnection
    ) throws(StoreError) {
        guard let hold = try loadHold(messageID: messageID, connection: connection) else { return }
        let command: WalletCommand?
        var returnBytes = false
        var origin: (connection: String, conversation: String)?
        func actor() throws(StoreError) -> String {
            if origin == nil { origin = try messageOrigin(messageID, connection: connection) }
            return cause == .provider ? "provider:\(origin?.connection ?? "unknown")" : "gateway"
        }
        switch hold.resolution(of: event) {
        case .keep:
            return
        case .settle(let amount, let category, let reason):
            try setHoldState(.settled, messageID: messageID, connection: connection)
            command =
                hold.wallet != nil && (hold.amount.isPositive || amount.isPositive)
                ? .settle(messageID: messageID, held: hold.amount, charged: amount, category: category, reason: reason, actor: try actor())
                : nil
        case .release(let reason, let returnAttachmentBytes):
            try setHoldState(.released, messageID: messageID, connection: connection)
            returnBytes = returnAttachmentBytes
            command =
                hold.wallet != nil && hold.amount.isPositive
                ? .release(messageID: messageID, held: hold.amount, reason: reason, actor: try actor()) : nil
        }
        if let command, let walletID = hold.wallet, let wallet = try loadWallet(walletID, connection: connection),
            let change = try? wallet.applying(command, at: at)
        {
            try save(
                change,
                origin: { () throws(StoreError) -> LedgerNoticeEvent.Origin? in
                    if origin == nil { origin = try messageOrigin(messageID, connection: connection) }
                    return origin.flatMap { LedgerNoticeEvent.Origin(connection: $0.connection, conversation: $0.conversation) }
                }, subscribers: settings.eventSubscribers, connection: connection)
        }
        if returnBytes, hold.attachmentBytes > 0, let month = hold.attachmentMonth {
            try returnAttachmentBytes(hold.attachmentBytes, month: month, conversation: hold.conversation, at: at, connection: connection)
        }
    }

    private static func setHoldState(_ state: HoldRecord.State, messageID: String, connection: SQLiteConnection) throws(StoreError) {
        let statement = try connection.statement("UPDATE holds SET state = ?2 WHERE message_id = ?1")
        statement.bind(1, messageID)
        statement.bind(2, state.rawValue)
        try statement.step()
    }

    /// Gives `bytes` back to the conversation's attachment quota of `month` (never below zero).
    private static func returnAttachmentBytes(
        _ bytes: Int64, month: String, conversation key: String, at: Timestamp, connection: SQLiteConnection
    ) throws(StoreError) {
        var stored = connection.conversationCache[key]
        if stored == nil { stored = try loadConversation(key, connection: connection) }
        guard var state = stored else { return }
        state.attachmentBytesByMonth[month] = max(0, (state.attachmentBytesByMonth[month] ?? 0) - bytes)
        try saveConversation(state, at: at, connection: connection)
    }

    /// Writes a conversation state the ledger changed (and keeps the writer's cache in step).
    static func saveConversation(_ state: ConversationState, at: Timestamp, connection: SQLiteConnection) throws(StoreError) {
        let upsert = try connection.statement(ConversationState.upsertSQL)
        state.bind(to: upsert, updatedAt: at)
        try upsert.step()
        if connection.conversationCache.count >= connection.conversationCacheLimit { connection.conversationCache.removeAll() }
        connection.conversationCache[state.conversation] = state
    }
}
