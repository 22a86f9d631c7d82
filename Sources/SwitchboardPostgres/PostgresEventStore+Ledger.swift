import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore

/// The account ledger on PostgreSQL (docs/ledger.md): wallets and their history, the operator's actions with
/// their audit lines, and the reads of the API. Accepting a send is in `PostgresEventStore+LedgerAccept.swift`,
/// holds in `+LedgerHolds.swift`, wallet writes in `+LedgerWallets.swift`. Every write is one transaction with
/// its cause; wallet changes lock the wallet row (`FOR UPDATE`), so several nodes never lose an update.
extension PostgresEventStore {
    public func configureLedger(_ settings: LedgerStoreSettings) {
        ledgerSettings.withLock { $0 = settings }
    }

    public func openWallets(_ wallets: [WalletOpening], at: Timestamp) async throws(StoreError) {
        guard !wallets.isEmpty else { return }
        let logger = self.logger
        try await transaction("openWallets") { connection in
            for opening in wallets.sorted(by: { $0.id < $1.id }) {
                // Two nodes starting at once: the second waits for the first's row, then keeps its balance.
                try await connection.query(
                    """
                    INSERT INTO wallets (id, currency, balance_micros, held_micros, low_threshold_micros, updated_at)
                    VALUES (\(opening.id), \(opening.currency), 0, 0, \(opening.lowThreshold?.micros), \(at.milliseconds))
                    ON CONFLICT (id) DO NOTHING
                    """, logger: logger)
                guard let wallet = try await Self.lockWallet(opening.id, connection: connection, logger: logger) else { continue }
                let opened = try await connection.query(
                    "SELECT 1 FROM ledger_entries WHERE wallet = \(opening.id) AND kind = 'open' LIMIT 1", logger: logger)
                var hasOpening = false
                for try await _ in opened { hasOpening = true }
                if hasOpening {
                    try await connection.query(
                        "UPDATE wallets SET currency = \(opening.currency), low_threshold_micros = \(opening.lowThreshold?.micros) WHERE id = \(opening.id)",
                        logger: logger)
                    continue
                }
                let change: WalletChange
                do throws(WalletRefusal) {
                    change = try wallet.applying(.open(amount: opening.openingBalance, actor: "config"), at: at)
                } catch {
                    throw StoreError(code: .invalidAmount, message: "wallet \(opening.id): \(error)")
                }
                try await Self.save(change, origin: nil, settings: LedgerStoreSettings(), connection: connection, logger: logger)
            }
        }
    }

    public func wallet(_ id: String) async throws(StoreError) -> WalletState? {
        let rows = try await fetch("SELECT \(unescaped: WalletState.postgresColumns) FROM wallets WHERE id = \(id)", doing: "wallet")
        return try decode("wallet") { try rows.first.map(WalletState.init(postgresRow:)) }
    }

    public func ledgerEntries(wallet: String, limit: Int, before: Int64?) async throws(StoreError) -> [LedgerEntry] {
        let rows = try await fetch(
            """
            SELECT \(unescaped: LedgerEntry.postgresColumns) FROM ledger_entries
            WHERE wallet = \(wallet) AND seq < \(before ?? .max) ORDER BY seq DESC LIMIT \(max(0, limit))
            """, doing: "ledgerEntries")
        return try decode("ledgerEntries") { try rows.map(LedgerEntry.init(postgresRow:)) }
    }

    public func credit(
        wallet id: String, amount: Money, kind: LedgerEntryKind, reason: String, actor: String, idempotencyKey: String?, at: Timestamp
    ) async throws(StoreError) -> CreditOutcome {
        let (logger, settings) = (self.logger, ledgerSettings.withLock { $0 })
        let outcome = try await transaction("credit") { connection -> CreditOutcome in
            // The wallet lock serializes credits with one key: the second sees the first's entry.
            guard let wallet = try await Self.lockWallet(id, connection: connection, logger: logger) else { return .unknownWallet }
            if let idempotencyKey {
                var first: LedgerEntry?
                for try await row in try await connection.query(
                    """
                    SELECT \(unescaped: LedgerEntry.postgresColumns) FROM ledger_entries
                    WHERE wallet = \(id) AND idempotency_key = \(idempotencyKey)
                    """, logger: logger)
                {
                    first = try LedgerEntry(postgresRow: row)
                }
                if let first {
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
            let origin = try await Self.walletOrigin(id, connection: connection, logger: logger)
            let entry = try await Self.save(change, origin: origin, settings: settings, connection: connection, logger: logger)
            return .applied(change.wallet, entry)
        }
        if case .applied = outcome {
            changes.signal()
            notifier.markChanged(events: true)
        }
        return outcome
    }

    public func hold(messageID: String) async throws(StoreError) -> HoldRecord? {
        let rows = try await fetch(
            "SELECT \(unescaped: HoldRecord.postgresColumns) FROM holds WHERE message_id = \(messageID)", doing: "hold")
        return try decode("hold") { try rows.first.map(HoldRecord.init(postgresRow:)) }
    }

    public func accountStatus(connection name: String) async throws(StoreError) -> AccountStatus {
        let rows = try await fetch("SELECT doc FROM account_status WHERE connection = \(name)", doing: "accountStatus")
        return try decode("accountStatus") { LedgerStoredJSON.accountStatus(fromText: try rows.first?.decode(String.self)) }
    }

    public func templateCatalog(connection name: String) async throws(StoreError) -> TemplateCatalog {
        let rows = try await fetch(
            """
            SELECT c.synced_at, c.last_sync_error,
              (SELECT json_agg(json_build_array(\(unescaped: Self.templateColumns)) ORDER BY name, language)::text
               FROM templates WHERE connection = \(name))
            FROM (SELECT 1) one LEFT JOIN template_catalogs c ON c.connection = \(name)
            """, doing: "templateCatalog")
        return try decode("templateCatalog") {
            guard let row = rows.first else { return TemplateCatalog() }
            let (synced, error, templates) = try row.decode((Int64?, String?, String?).self)
            return TemplateCatalog(
                templates: Self.templates(fromJSON: templates), syncedAt: synced.map(LedgerStoredJSON.timestamp), lastSyncError: error)
        }
    }

    public func replaceTemplateCatalog(connection name: String, templates: [TemplateRecord], syncedAt: Timestamp, actor: String)
        async throws(StoreError)
    {
        let logger = self.logger
        try await transaction("replaceTemplateCatalog") { connection in
            // The catalog row is the catalog's lock: a sync and a template webhook's append apply one after the other.
            try await connection.query(
                """
                INSERT INTO template_catalogs (connection, synced_at, last_sync_error) VALUES (\(name), \(syncedAt.milliseconds), NULL)
                ON CONFLICT (connection) DO UPDATE SET synced_at = EXCLUDED.synced_at, last_sync_error = NULL
                """, logger: logger)
            try await connection.query("DELETE FROM templates WHERE connection = \(name)", logger: logger)
            for template in templates { try await Self.saveTemplate(template, connection: name, connection: connection, logger: logger) }
            try await Self.insertAudit(
                AuditEntry(
                    at: syncedAt, actor: actor, action: "templates.sync", target: name, detail: ["templates": .int(templates.count)]),
                connection: connection, logger: logger)
        }
    }

    public func recordTemplateSyncFailure(connection name: String, error: String, at: Timestamp) async throws(StoreError) {
        _ = try await fetch(
            """
            INSERT INTO template_catalogs (connection, synced_at, last_sync_error) VALUES (\(name), NULL, \(error))
            ON CONFLICT (connection) DO UPDATE SET last_sync_error = EXCLUDED.last_sync_error
            """, doing: "recordTemplateSyncFailure")
    }

    public func contactFlags(conversation: String) async throws(StoreError) -> ContactFlags {
        let logger = self.logger
        return try await transaction("contactFlags") { connection in
            try await Self.loadContactFlags(conversation, lock: false, connection: connection, logger: logger)
        }
    }

    public func setConsent(conversation: String, consent: ConsentRecord?, actor: String, at: Timestamp) async throws(StoreError) {
        var detail = JSONObject()
        if let consent {
            detail.set("source", .string(consent.source))
            detail.set("evidence", consent.evidence.map(JSONValue.string))
            detail.set("given_at", .string(consent.at.rfc3339))
        }
        let audit = AuditEntry(
            at: at, actor: actor, action: consent == nil ? "consent.revoke" : "consent.record", target: conversation,
            detail: detail.isEmpty ? .null : .object(detail))
        try await changeContactFlags(conversation, audit: audit, at: at) { $0.consent = consent }
    }

    public func setBlocked(conversation: String, blocked: Bool, reason: String?, actor: String, at: Timestamp) async throws(StoreError) {
        let audit = AuditEntry(
            at: at, actor: actor, action: blocked ? "block" : "unblock", target: conversation,
            detail: reason.map { ["reason": .string($0)] } ?? .null)
        try await changeContactFlags(conversation, audit: audit, at: at) { flags in
            flags.blocked = blocked
            flags.blockedReason = blocked ? reason : nil
        }
    }

    /// Changes a contact's flags (row locked) and writes the audit line, in one transaction.
    private func changeContactFlags(
        _ conversation: String, audit: AuditEntry, at: Timestamp, _ change: @escaping @Sendable (inout ContactFlags) -> Void
    ) async throws(StoreError) {
        let logger = self.logger
        try await transaction("contactFlags") { connection in
            try await connection.query(
                """
                INSERT INTO contact_flags (conversation, updated_at) VALUES (\(conversation), \(at.milliseconds))
                ON CONFLICT (conversation) DO NOTHING
                """, logger: logger)
            var flags = try await Self.loadContactFlags(conversation, lock: true, connection: connection, logger: logger)
            change(&flags)
            try await Self.saveContactFlags(flags, conversation: conversation, at: at, connection: connection, logger: logger)
            try await Self.insertAudit(audit, connection: connection, logger: logger)
        }
    }

    public func setContactCap(connection name: String, cap: Int?, actor: String, at: Timestamp) async throws(StoreError) {
        let logger = self.logger
        try await transaction("setContactCap") { connection in
            try await connection.query(
                """
                INSERT INTO account_status (connection, doc, updated_at)
                VALUES (\(name), \(LedgerStoredJSON.accountStatusText(AccountStatus())), \(at.milliseconds))
                ON CONFLICT (connection) DO NOTHING
                """, logger: logger)
            var status = try await Self.loadAccountStatus(name, lock: true, connection: connection, logger: logger)
            status.contactCap = cap
            status.contactCapSet = true
            try await Self.saveAccountStatus(status, connection: name, at: at, connection: connection, logger: logger)
            try await Self.insertAudit(
                AuditEntry(at: at, actor: actor, action: "contact_cap.set", target: name, detail: ["cap": cap.map { .int($0) } ?? .null]),
                connection: connection, logger: logger)
        }
    }

    public func rateCard() async throws(StoreError) -> RateCard {
        let rows = try await fetch("SELECT doc, imported_at, imported_by FROM rate_card WHERE id = 1", doing: "rateCard")
        return try decode("rateCard") {
            guard let row = rows.first else { return RateCard() }
            let (doc, importedAt, importedBy) = try row.decode((String, Int64?, String?).self)
            return LedgerStoredJSON.rateCard(fromText: doc, importedAt: importedAt.map(LedgerStoredJSON.timestamp), importedBy: importedBy)
        }
    }

    public func replaceRateCard(_ card: RateCard, actor: String, at: Timestamp) async throws(StoreError) {
        let logger = self.logger
        try await transaction("replaceRateCard") { connection in
            try await connection.query(
                """
                INSERT INTO rate_card (id, doc, imported_at, imported_by) VALUES (1, \(LedgerStoredJSON.rateCardText(card)), \(at.milliseconds), \(actor))
                ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, imported_at = EXCLUDED.imported_at, imported_by = EXCLUDED.imported_by
                """, logger: logger)
            try await Self.insertAudit(
                AuditEntry(at: at, actor: actor, action: "prices.import", target: "rate_card", detail: ["rates": .int(card.rates.count)]),
                connection: connection, logger: logger)
        }
    }

    public func auditEntries(target: String?, limit: Int, before: Int64?) async throws(StoreError) -> [AuditEntry] {
        let rows = try await fetch(
            """
            SELECT \(unescaped: AuditEntry.postgresColumns) FROM audit
            WHERE (\(target)::text IS NULL OR target = \(target)::text) AND seq < \(before ?? .max)
            ORDER BY seq DESC LIMIT \(max(0, limit))
            """, doing: "auditEntries")
        return try decode("auditEntries") { try rows.map(AuditEntry.init(postgresRow:)) }
    }
}
