import SwitchboardCore
import SwitchboardLedger

/// Reads and writes of the account side of the ledger on any connection: contact flags, account status,
/// template catalogs, the audit list, and the provider-reported changes an append applies
/// (``applyAccountChanges(_:at:connection:)``, folded purely by `AccountStatus+Apply.swift`).
extension SQLiteEventStore {
    static func loadContactFlags(_ conversation: String, connection: SQLiteConnection) throws(StoreError) -> ContactFlags {
        let statement = try connection.statement(
            "SELECT consent, blocked, blocked_reason, provider_problem FROM contact_flags WHERE conversation = ?1")
        statement.bind(1, conversation)
        defer { statement.reset() }
        guard try statement.step() else { return ContactFlags() }
        return ContactFlags(
            consent: LedgerStoredJSON.consent(fromText: statement.optionalString(0)), blocked: statement.int64(1) != 0,
            blockedReason: statement.optionalString(2), providerProblem: LedgerStoredJSON.problem(fromText: statement.optionalString(3)))
    }

    static func saveContactFlags(_ flags: ContactFlags, conversation: String, at: Timestamp, connection: SQLiteConnection)
        throws(StoreError)
    {
        let statement = try connection.statement(
            "INSERT INTO contact_flags (conversation, consent, blocked, blocked_reason, provider_problem, updated_at) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(conversation) DO UPDATE SET consent = ?2, blocked = ?3, "
                + "blocked_reason = ?4, provider_problem = ?5, updated_at = ?6")
        statement.bind(1, conversation)
        statement.bind(2, flags.consent.map(LedgerStoredJSON.consentText))
        statement.bind(3, flags.blocked ? 1 : 0)
        statement.bind(4, flags.blockedReason)
        statement.bind(5, flags.providerProblem.map { LedgerStoredJSON.problemJSON($0).canonicalText })
        statement.bind(6, at.milliseconds)
        try statement.step()
    }

    static func loadAccountStatus(_ name: String, connection: SQLiteConnection) throws(StoreError) -> AccountStatus {
        let statement = try connection.statement("SELECT doc FROM account_status WHERE connection = ?1")
        statement.bind(1, name)
        defer { statement.reset() }
        guard try statement.step() else { return AccountStatus() }
        return LedgerStoredJSON.accountStatus(fromText: statement.string(0))
    }

    static func saveAccountStatus(_ status: AccountStatus, connection name: String, at: Timestamp, connection: SQLiteConnection)
        throws(StoreError)
    {
        let statement = try connection.statement(
            "INSERT INTO account_status (connection, doc, updated_at) VALUES (?1, ?2, ?3) "
                + "ON CONFLICT(connection) DO UPDATE SET doc = ?2, updated_at = ?3")
        statement.bind(1, name)
        statement.bind(2, LedgerStoredJSON.accountStatusText(status))
        statement.bind(3, at.milliseconds)
        try statement.step()
    }

    static let templateColumns = "name, language, status, category, quality, reason, provider_id, header_format, updated_at"

    static func loadCatalog(_ name: String, connection: SQLiteConnection) throws(StoreError) -> TemplateCatalog {
        let statement = try connection.statement(
            "SELECT \(templateColumns) FROM templates WHERE connection = ?1 ORDER BY name, language")
        statement.bind(1, name)
        var templates: [TemplateRecord] = []
        while try statement.step() {
            templates.append(
                TemplateRecord(
                    name: statement.string(0), language: statement.string(1), status: statement.string(2),
                    category: statement.optionalString(3), quality: statement.optionalString(4), reason: statement.optionalString(5),
                    providerID: statement.optionalString(6), headerFormat: statement.optionalString(7),
                    updatedAt: LedgerStoredJSON.timestamp(statement.int64(8))))
        }
        statement.reset()
        let sync = try connection.statement("SELECT synced_at, last_sync_error FROM template_catalogs WHERE connection = ?1")
        sync.bind(1, name)
        defer { sync.reset() }
        guard try sync.step() else { return TemplateCatalog(templates: templates) }
        return TemplateCatalog(
            templates: templates, syncedAt: sync.optionalInt64(0).map(LedgerStoredJSON.timestamp), lastSyncError: sync.optionalString(1))
    }

    static func saveTemplate(_ template: TemplateRecord, connection name: String, connection: SQLiteConnection) throws(StoreError) {
        let statement = try connection.statement(
            "INSERT INTO templates (connection, \(templateColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                + "ON CONFLICT(connection, name, language) DO UPDATE SET status = ?4, category = ?5, quality = ?6, reason = ?7, "
                + "provider_id = ?8, header_format = ?9, updated_at = ?10")
        statement.bind(1, name)
        statement.bind(2, template.name)
        statement.bind(3, template.language)
        statement.bind(4, template.status)
        statement.bind(5, template.category)
        statement.bind(6, template.quality)
        statement.bind(7, template.reason)
        statement.bind(8, template.providerID)
        statement.bind(9, template.headerFormat)
        statement.bind(10, template.updatedAt.milliseconds)
        try statement.step()
    }

    /// One template of a catalog, or `nil`.
    static func loadTemplate(_ name: String, language: String, connection catalog: String, connection: SQLiteConnection)
        throws(StoreError) -> TemplateRecord?
    {
        let statement = try connection.statement(
            "SELECT \(templateColumns) FROM templates WHERE connection = ?1 AND name = ?2 AND language = ?3")
        statement.bind(1, catalog)
        statement.bind(2, name)
        statement.bind(3, language)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return TemplateRecord(
            name: statement.string(0), language: statement.string(1), status: statement.string(2), category: statement.optionalString(3),
            quality: statement.optionalString(4), reason: statement.optionalString(5), providerID: statement.optionalString(6),
            headerFormat: statement.optionalString(7), updatedAt: LedgerStoredJSON.timestamp(statement.int64(8)))
    }

    /// The provider-reported account and template changes of an append, in order, in its transaction.
    static func applyAccountChanges(_ changes: [AccountChange], at: Timestamp, connection: SQLiteConnection) throws(StoreError) {
        for change in changes {
            switch change {
            case .template(let name, let update):
                let current = try loadTemplate(update.name, language: update.language, connection: name, connection: connection)
                let next = current?.applying(update) ?? TemplateRecord(update: update)
                try saveTemplate(next, connection: name, connection: connection)
            case .limit(let name, _, _, _), .restrictions(let name, _, _), .accountProblem(let name, _):
                let status = try loadAccountStatus(name, connection: connection).applying(change)
                try saveAccountStatus(status, connection: name, at: at, connection: connection)
            case .contactProblem(let conversation, _):
                let flags = try loadContactFlags(conversation, connection: connection).applying(change)
                try saveContactFlags(flags, conversation: conversation, at: at, connection: connection)
            }
        }
    }

    static func insertAudit(_ entry: AuditEntry, connection: SQLiteConnection) throws(StoreError) {
        let statement = try connection.statement("INSERT INTO audit (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)")
        statement.bind(1, entry.at.milliseconds)
        statement.bind(2, entry.actor)
        statement.bind(3, entry.action)
        statement.bind(4, entry.target)
        statement.bind(5, entry.detail == .null ? nil : entry.detail.canonicalText)
        try statement.step()
    }
}
