import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue

/// The account ledger on SQLite (docs/ledger.md): wallets and their history, operator actions with their audit
/// lines, and the reads of the API. Accepting a send is in `SQLiteEventStore+LedgerAccept.swift`, holds in
/// `+LedgerHolds.swift`. Every write runs on the single writer, in the transaction of its cause.
extension SQLiteEventStore: AccountLedger {
    /// A wallet's entries (?1) before sequence ?2, newest first, at most ?3.
    static let ledgerEntriesSQL =
        "SELECT \(entryColumns) FROM ledger_entries WHERE wallet = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3"

    /// The entry of wallet ?1 with idempotency key ?2.
    static let entryByKeySQL = "SELECT \(entryColumns) FROM ledger_entries WHERE wallet = ?1 AND idempotency_key = ?2"

    /// Audit lines before sequence ?2, newest first, at most ?3 (?1, the target, unused).
    static let auditSQL =
        "SELECT seq, at, actor, action, target, detail FROM audit WHERE ?1 IS NULL AND seq < ?2 ORDER BY seq DESC LIMIT ?3"

    /// The audit lines of target ?1 before sequence ?2, newest first, at most ?3.
    static let auditByTargetSQL =
        "SELECT seq, at, actor, action, target, detail FROM audit WHERE target = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3"

    public func configureLedger(_ settings: LedgerStoreSettings) {
        ledgerSettings.withLock { $0 = settings }
    }

    public func openWallets(_ wallets: [WalletOpening], at: Timestamp) async throws(StoreError) {
        guard !wallets.isEmpty else { return }
        try await writer.perform { connection throws(StoreError) in
            for opening in wallets {
                if var wallet = try Self.loadWallet(opening.id, connection: connection) {
                    wallet.currency = opening.currency
                    wallet.lowThreshold = opening.lowThreshold
                    try Self.saveWallet(wallet, connection: connection)
                    continue
                }
                let fresh = WalletState(id: opening.id, currency: opening.currency, lowThreshold: opening.lowThreshold, updatedAt: at)
                let change: WalletChange
                do throws(WalletRefusal) {
                    change = try fresh.applying(.open(amount: opening.openingBalance, actor: "config"), at: at)
                } catch {
                    throw StoreError(code: .invalidAmount, message: "wallet \(opening.id): \(error)")
                }
                try Self.save(change, origin: { nil }, subscribers: [], connection: connection)
            }
        }
    }

    public func wallet(_ id: String) async throws(StoreError) -> WalletState? {
        try readers.read { connection throws(StoreError) in try Self.loadWallet(id, connection: connection) }
    }

    public func ledgerEntries(wallet: String, limit: Int, before: Int64?) async throws(StoreError) -> [LedgerEntry] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(Self.ledgerEntriesSQL)
            statement.bind(1, wallet)
            statement.bind(2, before ?? Int64.max)
            statement.bind(3, max(0, limit))
            var entries: [LedgerEntry] = []
            while try statement.step() { entries.append(Self.readEntry(statement)) }
            return entries
        }
    }

    public func credit(
        wallet id: String, amount: Money, kind: LedgerEntryKind, reason: String, actor: String, idempotencyKey: String?, at: Timestamp
    ) async throws(StoreError) -> CreditOutcome {
        let settings = ledgerSettings.withLock { $0 }
        return try await writer.perform { connection throws(StoreError) -> CreditOutcome in
            guard let wallet = try Self.loadWallet(id, connection: connection) else { return .unknownWallet }
            if let idempotencyKey {
                let statement = try connection.statement(Self.entryByKeySQL)
                statement.bind(1, id)
                statement.bind(2, idempotencyKey)
                defer { statement.reset() }
                if try statement.step() {
                    let first = Self.readEntry(statement)
                    let same = first.amount == amount && first.reason == reason && first.kind == kind
                    return same ? .replayed(wallet, first) : .keyReused(first)
                }
            }
            let change: WalletChange
            do throws(WalletRefusal) {
                change = try wallet.applying(
                    .credit(amount: amount, kind: kind, reason: reason, actor: actor, idempotencyKey: idempotencyKey), at: at)
            } catch {
                return .refused(error)
            }
            let entry = try Self.save(
                change, origin: { () throws(StoreError) in try Self.walletOrigin(id, connection: connection) },
                subscribers: settings.eventSubscribers, connection: connection)
            return .applied(change.wallet, entry)
        }
    }

    public func hold(messageID: String) async throws(StoreError) -> HoldRecord? {
        try readers.read { connection throws(StoreError) in try Self.loadHold(messageID: messageID, connection: connection) }
    }

    public func accountStatus(connection name: String) async throws(StoreError) -> AccountStatus {
        try readers.read { connection throws(StoreError) in try Self.loadAccountStatus(name, connection: connection) }
    }

    public func templateCatalog(connection name: String) async throws(StoreError) -> TemplateCatalog {
        try readers.read { connection throws(StoreError) in
            try connection.run("BEGIN")
            defer { try? connection.run("COMMIT") }
            return try Self.loadCatalog(name, connection: connection)
        }
    }

    public func replaceTemplateCatalog(connection name: String, templates: [TemplateRecord], syncedAt: Timestamp, actor: String)
        async throws(StoreError)
    {
        try await writer.perform { connection throws(StoreError) in
            let clear = try connection.statement("DELETE FROM templates WHERE connection = ?1")
            clear.bind(1, name)
            try clear.step()
            for template in templates { try Self.saveTemplate(template, connection: name, connection: connection) }
            let sync = try connection.statement(
                "INSERT INTO template_catalogs (connection, synced_at, last_sync_error) VALUES (?1, ?2, NULL) "
                    + "ON CONFLICT(connection) DO UPDATE SET synced_at = ?2, last_sync_error = NULL")
            sync.bind(1, name)
            sync.bind(2, syncedAt.milliseconds)
            try sync.step()
            try Self.insertAudit(
                AuditEntry(
                    at: syncedAt, actor: actor, action: "templates.sync", target: name, detail: ["templates": .int(templates.count)]),
                connection: connection)
        }
    }

    public func recordTemplateSyncFailure(connection name: String, error: String, at: Timestamp) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            let statement = try connection.statement(
                "INSERT INTO template_catalogs (connection, synced_at, last_sync_error) VALUES (?1, NULL, ?2) "
                    + "ON CONFLICT(connection) DO UPDATE SET last_sync_error = ?2")
            statement.bind(1, name)
            statement.bind(2, error)
            try statement.step()
        }
    }

    public func contactFlags(conversation: String) async throws(StoreError) -> ContactFlags {
        try readers.read { connection throws(StoreError) in try Self.loadContactFlags(conversation, connection: connection) }
    }

    public func setConsent(conversation: String, consent: ConsentRecord?, actor: String, at: Timestamp) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            var flags = try Self.loadContactFlags(conversation, connection: connection)
            flags.consent = consent
            try Self.saveContactFlags(flags, conversation: conversation, at: at, connection: connection)
            var detail = JSONObject()
            if let consent {
                detail.set("source", .string(consent.source))
                detail.set("evidence", consent.evidence.map(JSONValue.string))
                detail.set("given_at", .string(consent.at.rfc3339))
            }
            try Self.insertAudit(
                AuditEntry(
                    at: at, actor: actor, action: consent == nil ? "consent.revoke" : "consent.record", target: conversation,
                    detail: detail.isEmpty ? .null : .object(detail)),
                connection: connection)
        }
    }

    public func setBlocked(conversation: String, blocked: Bool, reason: String?, actor: String, at: Timestamp) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            var flags = try Self.loadContactFlags(conversation, connection: connection)
            flags.blocked = blocked
            flags.blockedReason = blocked ? reason : nil
            try Self.saveContactFlags(flags, conversation: conversation, at: at, connection: connection)
            try Self.insertAudit(
                AuditEntry(
                    at: at, actor: actor, action: blocked ? "block" : "unblock", target: conversation,
                    detail: reason.map { ["reason": .string($0)] } ?? .null),
                connection: connection)
        }
    }

    public func setContactCap(connection name: String, cap: Int?, actor: String, at: Timestamp) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            var status = try Self.loadAccountStatus(name, connection: connection)
            status.contactCap = cap
            status.contactCapSet = true
            try Self.saveAccountStatus(status, connection: name, at: at, connection: connection)
            try Self.insertAudit(
                AuditEntry(at: at, actor: actor, action: "contact_cap.set", target: name, detail: ["cap": cap.map { .int($0) } ?? .null]),
                connection: connection)
        }
    }

    public func rateCard() async throws(StoreError) -> RateCard {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT doc, imported_at, imported_by FROM rate_card WHERE id = 1")
            defer { statement.reset() }
            guard try statement.step() else { return RateCard() }
            return LedgerStoredJSON.rateCard(
                fromText: statement.string(0), importedAt: statement.optionalInt64(1).map(LedgerStoredJSON.timestamp),
                importedBy: statement.optionalString(2))
        }
    }

    public func replaceRateCard(_ card: RateCard, actor: String, at: Timestamp) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            let statement = try connection.statement(
                "INSERT INTO rate_card (id, doc, imported_at, imported_by) VALUES (1, ?1, ?2, ?3) "
                    + "ON CONFLICT(id) DO UPDATE SET doc = ?1, imported_at = ?2, imported_by = ?3")
            statement.bind(1, LedgerStoredJSON.rateCardText(card))
            statement.bind(2, at.milliseconds)
            statement.bind(3, actor)
            try statement.step()
            try Self.insertAudit(
                AuditEntry(at: at, actor: actor, action: "prices.import", target: "rate_card", detail: ["rates": .int(card.rates.count)]),
                connection: connection)
        }
    }

    public func auditEntries(target: String?, limit: Int, before: Int64?) async throws(StoreError) -> [AuditEntry] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(target == nil ? Self.auditSQL : Self.auditByTargetSQL)
            statement.bind(1, target)
            statement.bind(2, before ?? Int64.max)
            statement.bind(3, max(0, limit))
            var entries: [AuditEntry] = []
            while try statement.step() {
                entries.append(
                    AuditEntry(
                        sequence: statement.int64(0), at: LedgerStoredJSON.timestamp(statement.int64(1)), actor: statement.string(2),
                        action: statement.string(3), target: statement.string(4),
                        detail: statement.optionalString(5).flatMap { try? JSONParser.parse($0) } ?? .null))
            }
            return entries
        }
    }
}

extension StoreErrorCode {
    /// A configured amount the ledger cannot take (an opening balance out of range).
    public static let invalidAmount: Self = "invalid_amount"
}
