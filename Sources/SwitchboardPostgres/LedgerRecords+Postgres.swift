import PostgresNIO
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// Reading the ledger's values from rows of the PostgreSQL ledger tables (`PostgresMigrations+Ledger.swift`):
/// money as BIGINT micros, times as epoch milliseconds, small lists as JSON text.
extension WalletState {
    /// Columns in the order ``init(postgresRow:)`` reads them.
    static let postgresColumns =
        "id, currency, balance_micros, held_micros, low_threshold_micros, low_announced, exhausted_announced, updated_at"

    init(postgresRow row: PostgresRow) throws {
        let (id, currency, balance, held, low, lowAnnounced, exhaustedAnnounced, updatedAt) = try row.decode(
            (String, String, Int64, Int64, Int64?, Bool, Bool, Int64).self)
        self.init(
            id: id, currency: currency, balance: Money(micros: balance), held: Money(micros: held),
            lowThreshold: low.map(Money.init(micros:)),
            lowAnnounced: lowAnnounced, exhaustedAnnounced: exhaustedAnnounced, updatedAt: LedgerStoredJSON.timestamp(updatedAt))
    }
}

extension LedgerEntry {
    /// Columns in the order ``init(postgresRow:)`` reads them.
    static let postgresColumns =
        "seq, wallet, kind, amount_micros, balance_after, held_after, reason, actor, message_id, category, idempotency_key, at"

    init(postgresRow row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        self.init(
            sequence: try cells[0].decode(Int64.self), wallet: try cells[1].decode(String.self),
            kind: LedgerEntryKind(rawValue: try cells[2].decode(String.self)) ?? .adjustment,
            amount: Money(micros: try cells[3].decode(Int64.self)),
            balanceAfter: Money(micros: try cells[4].decode(Int64.self)), heldAfter: Money(micros: try cells[5].decode(Int64.self)),
            reason: try cells[6].decode(String.self), actor: try cells[7].decode(String.self), messageID: try cells[8].decode(String?.self),
            category: try cells[9].decode(String?.self), idempotencyKey: try cells[10].decode(String?.self),
            at: LedgerStoredJSON.timestamp(try cells[11].decode(Int64.self)))
    }
}

extension HoldRecord {
    /// Columns in the order ``init(postgresRow:)`` reads them.
    static let postgresColumns =
        "message_id, wallet, amount_micros, category, rates, settles_on, state, attachment_bytes, attachment_month, conversation, created_at"

    init(postgresRow row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        let rates = LedgerStoredJSON.rates(fromText: try cells[4].decode(String.self))
        self.init(
            messageID: try cells[0].decode(String.self), wallet: try cells[1].decode(String?.self),
            amount: Money(micros: try cells[2].decode(Int64.self)), category: try cells[3].decode(String.self), rates: rates,
            settlesOn: SettlesOn(rawValue: try cells[5].decode(String.self)) ?? .pricing,
            state: State(rawValue: try cells[6].decode(String.self)) ?? .held, attachmentBytes: try cells[7].decode(Int64.self),
            attachmentMonth: try cells[8].decode(String?.self), conversation: try cells[9].decode(String.self),
            createdAt: LedgerStoredJSON.timestamp(try cells[10].decode(Int64.self)))
    }

}

extension AuditEntry {
    /// Columns in the order ``init(postgresRow:)`` reads them.
    static let postgresColumns = "seq, at, actor, action, target, detail"

    init(postgresRow row: PostgresRow) throws {
        let (sequence, at, actor, action, target, detail) = try row.decode((Int64, Int64, String, String, String, String?).self)
        self.init(
            sequence: sequence, at: LedgerStoredJSON.timestamp(at), actor: actor, action: action, target: target,
            detail: detail.flatMap { try? JSONParser.parse($0) } ?? .null)
    }
}
