import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// Reads and writes of the account side of the ledger inside a transaction: the snapshot a decision reads, contact
/// flags, account status, template catalogs, the audit list, and the provider-reported changes an append applies
/// (folded purely by `AccountStatus+Apply.swift`). The documents are written by ``LedgerStoredJSON``, as on SQLite.
extension PostgresEventStore {
    /// Reads what a decision needs for `scope` besides the conversation and the wallet (read by the caller, locked
    /// when accepting), in one statement: contact flags, the account's known contacts (only when a contact cap is
    /// configured or set by the operator: the count grows with the account's history), the portfolio's reach, the
    /// account status and the template catalog.
    static func readSnapshot(
        _ scope: LedgerScope, conversation: ConversationState?, wallet: WalletState?, connection: PostgresConnection, logger: Logger
    ) async throws -> LedgerSnapshot {
        let (prefix, upper) = accountKeyRange(of: scope.conversation)
        let since = scope.reachSince.milliseconds
        let rows = try await connection.query(
            """
            SELECT f.consent, f.blocked, f.blocked_reason, f.provider_problem,
              CASE WHEN counts.needed THEN (SELECT COUNT(*) FROM (
                 SELECT key AS k FROM conversations WHERE key COLLATE "C" >= \(prefix) AND key COLLATE "C" < \(upper)
                 UNION SELECT conversation FROM outbound_messages
                 WHERE conversation COLLATE "C" >= \(prefix) AND conversation COLLATE "C" < \(upper)) known) ELSE 0 END,
              CASE WHEN counts.needed THEN (EXISTS (SELECT 1 FROM conversations WHERE key = \(scope.conversation))
                 OR EXISTS (SELECT 1 FROM outbound_messages WHERE conversation COLLATE "C" = \(scope.conversation))) ELSE false END,
              (SELECT COUNT(DISTINCT conversation) FROM reach WHERE portfolio = \(scope.portfolio) AND at >= \(since)),
              EXISTS (SELECT 1 FROM reach WHERE portfolio = \(scope.portfolio) AND conversation = \(scope.conversation) AND at >= \(since)),
              (SELECT doc FROM account_status WHERE connection = \(scope.connection)),
              c.synced_at, c.last_sync_error,
              (SELECT json_agg(json_build_array(name, language, status, category, quality, reason, provider_id, header_format, updated_at)
                 ORDER BY name, language)::text FROM templates WHERE connection = \(scope.connection))
            FROM (SELECT \(scope.countsContacts) OR COALESCE((SELECT (doc::jsonb ->> 'contact_cap') IS NOT NULL
                    FROM account_status WHERE connection = \(scope.connection)), false) AS needed) counts
            LEFT JOIN contact_flags f ON f.conversation = \(scope.conversation)
            LEFT JOIN template_catalogs c ON c.connection = \(scope.connection)
            """, logger: logger)
        var snapshot = LedgerSnapshot(
            conversation: conversation
                ?? ConversationState(
                    conversation: scope.conversation, channel: scope.channel, account: scope.account, contact: scope.contact),
            wallet: wallet)
        for try await row in rows {
            let cells = row.makeRandomAccess()
            snapshot.contact = ContactFlags(
                consent: LedgerStoredJSON.consent(fromText: try cells[0].decode(String?.self)),
                blocked: try cells[1].decode(Bool?.self) ?? false,
                blockedReason: try cells[2].decode(String?.self),
                providerProblem: LedgerStoredJSON.problem(fromText: try cells[3].decode(String?.self)))
            snapshot.knownContacts = try cells[4].decode(Int.self)
            snapshot.contactIsKnown = try cells[5].decode(Bool.self)
            snapshot.reachedContacts = try cells[6].decode(Int.self)
            snapshot.contactReached = try cells[7].decode(Bool.self)
            snapshot.account = LedgerStoredJSON.accountStatus(fromText: try cells[8].decode(String?.self))
            snapshot.catalog = TemplateCatalog(
                templates: templates(fromJSON: try cells[11].decode(String?.self)),
                syncedAt: try cells[9].decode(Int64?.self).map(LedgerStoredJSON.timestamp),
                lastSyncError: try cells[10].decode(String?.self))
        }
        return snapshot
    }

    /// The byte range [`channel:account:`, `channel:account;`) of the conversations of `conversation`'s account
    /// (compared in the `"C"` collation, as ``outboundAccountFacts(conversation:since:)`` does).
    static func accountKeyRange(of conversation: String) -> (lower: String, upper: String) {
        let parts = conversation.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let prefix = parts.count == 3 ? "\(parts[0]):\(parts[1]):" : conversation
        return (prefix, prefix.hasSuffix(":") ? String(prefix.dropLast()) + ";" : prefix + "\u{10FFFF}")
    }

    /// Templates aggregated as `[[name, language, status, category, quality, reason, provider_id, header_format, updated_at]]`.
    static func templates(fromJSON text: String?) -> [TemplateRecord] {
        guard let text, let rows = (try? JSONParser.parse(text))?.array else { return [] }
        return rows.compactMap { row -> TemplateRecord? in
            guard let cells = row.array, cells.count == 9, let name = cells[0].string, let language = cells[1].string,
                let status = cells[2].string, let updatedAt = cells[8].int64
            else { return nil }
            return TemplateRecord(
                name: name, language: language, status: status, category: cells[3].string, quality: cells[4].string,
                reason: cells[5].string,
                providerID: cells[6].string, headerFormat: cells[7].string, updatedAt: LedgerStoredJSON.timestamp(updatedAt))
        }
    }

    static func loadContactFlags(_ conversation: String, lock: Bool, connection: PostgresConnection, logger: Logger) async throws
        -> ContactFlags
    {
        var flags = ContactFlags()
        for try await (consent, blocked, reason, problem) in try await connection.query(
            """
            SELECT consent, blocked, blocked_reason, provider_problem FROM contact_flags WHERE conversation = \(conversation)
            \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger
        ).decode((String?, Bool, String?, String?).self) {
            flags = ContactFlags(
                consent: LedgerStoredJSON.consent(fromText: consent), blocked: blocked, blockedReason: reason,
                providerProblem: LedgerStoredJSON.problem(fromText: problem))
        }
        return flags
    }

    static func saveContactFlags(_ flags: ContactFlags, conversation: String, at: Timestamp, connection: PostgresConnection, logger: Logger)
        async throws
    {
        let consent = flags.consent.map(LedgerStoredJSON.consentText)
        let problem = flags.providerProblem.map { LedgerStoredJSON.problemJSON($0).canonicalText }
        try await connection.query(
            """
            INSERT INTO contact_flags (conversation, consent, blocked, blocked_reason, provider_problem, updated_at)
            VALUES (\(conversation), \(consent), \(flags.blocked), \(flags.blockedReason), \(problem), \(at.milliseconds))
            ON CONFLICT (conversation) DO UPDATE SET consent = EXCLUDED.consent, blocked = EXCLUDED.blocked,
                blocked_reason = EXCLUDED.blocked_reason, provider_problem = EXCLUDED.provider_problem, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }

    static func loadAccountStatus(_ name: String, lock: Bool, connection: PostgresConnection, logger: Logger) async throws -> AccountStatus
    {
        var doc: String?
        for try await text in try await connection.query(
            "SELECT doc FROM account_status WHERE connection = \(name) \(unescaped: lock ? "FOR UPDATE" : "")", logger: logger
        ).decode(String.self) {
            doc = text
        }
        return LedgerStoredJSON.accountStatus(fromText: doc)
    }

    static func saveAccountStatus(
        _ status: AccountStatus, connection name: String, at: Timestamp, connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        try await connection.query(
            """
            INSERT INTO account_status (connection, doc, updated_at) VALUES (\(name), \(LedgerStoredJSON.accountStatusText(status)), \(at.milliseconds))
            ON CONFLICT (connection) DO UPDATE SET doc = EXCLUDED.doc, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }

    static let templateColumns = "name, language, status, category, quality, reason, provider_id, header_format, updated_at"

    static func saveTemplate(_ template: TemplateRecord, connection name: String, connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO templates (connection, \(unescaped: templateColumns))
            VALUES (\(name), \(template.name), \(template.language), \(template.status), \(template.category), \(template.quality),
                \(template.reason), \(template.providerID), \(template.headerFormat), \(template.updatedAt.milliseconds))
            ON CONFLICT (connection, name, language) DO UPDATE SET status = EXCLUDED.status, category = EXCLUDED.category,
                quality = EXCLUDED.quality, reason = EXCLUDED.reason, provider_id = EXCLUDED.provider_id,
                header_format = EXCLUDED.header_format, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }

    /// The provider-reported account and template changes of an append, in order, in its transaction (each row
    /// read `FOR UPDATE`, so two appends reporting on one account apply one after the other).
    static func applyAccountChanges(_ changes: [AccountChange], at: Timestamp, connection: PostgresConnection, logger: Logger) async throws
    {
        for change in changes {
            switch change {
            case .template(let name, let update):
                var current: TemplateRecord?
                for try await json in try await connection.query(
                    """
                    SELECT json_build_array(\(unescaped: templateColumns))::text FROM templates
                    WHERE connection = \(name) AND name = \(update.name) AND language = \(update.language) FOR UPDATE
                    """, logger: logger
                ).decode(String.self) {
                    current = templates(fromJSON: "[\(json)]").first
                }
                let next = current?.applying(update) ?? TemplateRecord(update: update)
                try await saveTemplate(next, connection: name, connection: connection, logger: logger)
            case .limit(let name, _, _, _), .restrictions(let name, _, _), .accountProblem(let name, _):
                let status = try await loadAccountStatus(name, lock: true, connection: connection, logger: logger).applying(change)
                try await saveAccountStatus(status, connection: name, at: at, connection: connection, logger: logger)
            case .contactProblem(let conversation, _):
                let flags = try await loadContactFlags(conversation, lock: true, connection: connection, logger: logger).applying(change)
                try await saveContactFlags(flags, conversation: conversation, at: at, connection: connection, logger: logger)
            }
        }
    }

    static func insertAudit(_ entry: AuditEntry, connection: PostgresConnection, logger: Logger) async throws {
        let detail = entry.detail == .null ? nil : entry.detail.canonicalText
        try await connection.query(
            """
            INSERT INTO audit (at, actor, action, target, detail)
            VALUES (\(entry.at.milliseconds), \(entry.actor), \(entry.action), \(entry.target), \(detail))
            """, logger: logger)
    }
}
