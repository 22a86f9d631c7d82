import SwitchboardCore
import SwitchboardLedger

/// Writer-thread bodies of the wallets: rows, history lines, and the notices a change announces (stored as
/// events with their deliveries in the same transaction). The wallet transitions themselves are pure
/// (``WalletState/applying(_:at:)``); this only reads and saves.
extension SQLiteEventStore {
    static let walletColumns =
        "id, currency, balance_micros, held_micros, low_threshold_micros, low_announced, exhausted_announced, updated_at"

    static let entryColumns =
        "seq, wallet, kind, amount_micros, balance_after, held_after, reason, actor, message_id, category, idempotency_key, at"

    static func loadWallet(_ id: String, connection: SQLiteConnection) throws(StoreError) -> WalletState? {
        let statement = try connection.statement("SELECT \(walletColumns) FROM wallets WHERE id = ?1")
        statement.bind(1, id)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return WalletState(
            id: statement.string(0), currency: statement.string(1), balance: Money(micros: statement.int64(2)),
            held: Money(micros: statement.int64(3)), lowThreshold: statement.optionalInt64(4).map(Money.init(micros:)),
            lowAnnounced: statement.int64(5) != 0, exhaustedAnnounced: statement.int64(6) != 0,
            updatedAt: LedgerStoredJSON.timestamp(statement.int64(7)))
    }

    static func saveWallet(_ wallet: WalletState, connection: SQLiteConnection) throws(StoreError) {
        let statement = try connection.statement(
            "INSERT INTO wallets (\(walletColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET "
                + "currency = ?2, balance_micros = ?3, held_micros = ?4, low_threshold_micros = ?5, low_announced = ?6, "
                + "exhausted_announced = ?7, updated_at = ?8")
        statement.bind(1, wallet.id)
        statement.bind(2, wallet.currency)
        statement.bind(3, wallet.balance.micros)
        statement.bind(4, wallet.held.micros)
        statement.bind(5, wallet.lowThreshold?.micros)
        statement.bind(6, wallet.lowAnnounced ? 1 : 0)
        statement.bind(7, wallet.exhaustedAnnounced ? 1 : 0)
        statement.bind(8, wallet.updatedAt.milliseconds)
        try statement.step()
    }

    /// Appends `entry` to the history; the entry with its sequence.
    static func insertEntry(_ entry: LedgerEntry, connection: SQLiteConnection) throws(StoreError) -> LedgerEntry {
        let statement = try connection.statement(
            "INSERT INTO ledger_entries (wallet, kind, amount_micros, balance_after, held_after, reason, actor, message_id, category, "
                + "idempotency_key, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        statement.bind(1, entry.wallet)
        statement.bind(2, entry.kind.rawValue)
        statement.bind(3, entry.amount.micros)
        statement.bind(4, entry.balanceAfter.micros)
        statement.bind(5, entry.heldAfter.micros)
        statement.bind(6, entry.reason)
        statement.bind(7, entry.actor)
        statement.bind(8, entry.messageID)
        statement.bind(9, entry.category)
        statement.bind(10, entry.idempotencyKey)
        statement.bind(11, entry.at.milliseconds)
        try statement.step()
        var stored = entry
        stored.sequence = connection.lastInsertRowID
        return stored
    }

    /// The entry in the current row (selected with ``entryColumns``).
    static func readEntry(_ statement: SQLiteStatement) -> LedgerEntry {
        LedgerEntry(
            sequence: statement.int64(0), wallet: statement.string(1),
            kind: LedgerEntryKind(rawValue: statement.string(2)) ?? .adjustment, amount: Money(micros: statement.int64(3)),
            balanceAfter: Money(micros: statement.int64(4)), heldAfter: Money(micros: statement.int64(5)),
            reason: statement.string(6), actor: statement.string(7), messageID: statement.optionalString(8),
            category: statement.optionalString(9), idempotencyKey: statement.optionalString(10),
            at: LedgerStoredJSON.timestamp(statement.int64(11)))
    }

    /// Saves a wallet change: the new row, its history line and its notices (events for `subscribers`, from
    /// `origin`; a notice without an origin is recorded on the wallet but has no event to carry it). The
    /// stored entry.
    @discardableResult
    static func save(
        _ change: WalletChange, origin: () throws(StoreError) -> LedgerNoticeEvent.Origin?, subscribers: [String],
        connection: SQLiteConnection
    ) throws(StoreError) -> LedgerEntry {
        try saveWallet(change.wallet, connection: connection)
        let entry = try insertEntry(change.entry, connection: connection)
        guard !change.notices.isEmpty, !subscribers.isEmpty, let origin = try origin() else { return entry }
        for notice in change.notices {
            let record = LedgerNoticeEvent.wallet(
                notice, wallet: change.wallet, entrySequence: entry.sequence, origin: origin, at: entry.at, subscribers: subscribers)
            try insertGatewayEvent(record, at: entry.at, connection: connection)
        }
        return entry
    }

    /// Stores an event the gateway emits itself and its deliveries (nothing else follows from it).
    static func insertGatewayEvent(_ record: EventRecord, at: Timestamp, connection: SQLiteConnection) throws(StoreError) {
        let event = record.event
        let insert = try connection.statement(insertEventSQL)
        insert.bind(1, event.id)
        insert.bind(2, event.conversation)
        insert.bind(3, event.kind.rawValue)
        insert.bind(4, event.channel.rawValue)
        insert.bind(5, event.provider.rawValue)
        insert.bind(6, event.account)
        insert.bind(7, record.connection)
        insert.bind(8, event.providerMessageID)
        insert.bind(9, event.timestamp?.milliseconds)
        insert.bind(10, at.milliseconds)
        insert.bind(11, record.json)
        try insert.step()
        guard connection.changes == 1 else { return }
        let sequence = connection.lastInsertRowID
        let delivery = try connection.statement(insertDeliverySQL)
        for subscriber in record.subscribers {
            delivery.reset()
            delivery.bind(1, sequence)
            delivery.bind(2, subscriber)
            delivery.bind(3, event.conversation ?? "")
            delivery.bind(4, at.milliseconds)
            delivery.bind(5, at.milliseconds)
            try delivery.step()
        }
    }

    /// The connection and conversation of the last message that held money in wallet ?1.
    static let walletOriginSQL =
        "SELECT m.connection, m.conversation FROM ledger_entries e JOIN outbound_messages m ON m.id = e.message_id "
        + "WHERE e.wallet = ?1 AND e.message_id IS NOT NULL ORDER BY e.seq DESC LIMIT 1"

    /// Where an operator's change to a wallet is announced from: the connection and conversation of the last
    /// message that held money in it (`nil` when none ever did).
    static func walletOrigin(_ wallet: String, connection: SQLiteConnection) throws(StoreError) -> LedgerNoticeEvent.Origin? {
        let statement = try connection.statement(walletOriginSQL)
        statement.bind(1, wallet)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return LedgerNoticeEvent.Origin(connection: statement.string(0), conversation: statement.string(1))
    }

    /// The connection and conversation of an outbound message, or `nil`.
    static func messageOrigin(_ messageID: String, connection: SQLiteConnection) throws(StoreError) -> (
        connection: String, conversation: String
    )? {
        let statement = try connection.statement("SELECT connection, conversation FROM outbound_messages WHERE id = ?1")
        statement.bind(1, messageID)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return (statement.string(0), statement.string(1))
    }
}
