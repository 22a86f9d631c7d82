import SwitchboardCore

/// One WhatsApp template of a connection's catalog, keyed by (name, language), as the provider's template
/// API lists it and its template webhooks keep it (docs/providers.md §2.10).
public struct TemplateRecord: Sendable, Hashable {
    public var name: String
    public var language: String
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, `IN_APPEAL`, `PENDING_DELETION`, `DELETED`,
    /// `LIMIT_EXCEEDED` (upper case, as Meta sends it; webhooks' `FLAGGED`/`REINSTATED` are folded in by
    /// ``applying(_:)``).
    public var status: String
    /// `marketing`, `utility`, `authentication` (lower case: the price table's key).
    public var category: String?
    /// `GREEN`, `YELLOW`, `RED`, `UNKNOWN`.
    public var quality: String?
    /// Why it was rejected, paused or disabled, in the provider's words.
    public var reason: String?
    /// The provider's template id.
    public var providerID: String?
    /// The header's format (`TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`), when the catalog lists components.
    public var headerFormat: String?
    public var updatedAt: Timestamp

    public init(
        name: String, language: String, status: String, category: String? = nil, quality: String? = nil, reason: String? = nil,
        providerID: String? = nil, headerFormat: String? = nil, updatedAt: Timestamp
    ) {
        self.name = name
        self.language = language
        self.status = status.uppercased()
        self.category = category?.lowercased()
        self.quality = quality?.uppercased()
        self.reason = reason
        self.providerID = providerID
        self.headerFormat = headerFormat?.uppercased()
        self.updatedAt = updatedAt
    }

    /// Whether messages may use it now.
    public var isSendable: Bool { status == "APPROVED" }

    /// `{name, language, status, category?, quality?, reason?, id?, header_format?, updated_at}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("name", .string(name))
        object.set("language", .string(language))
        object.set("status", .string(status))
        object.set("category", category.map(JSONValue.string))
        object.set("quality", quality.map(JSONValue.string))
        object.set("reason", reason.map(JSONValue.string))
        object.set("id", providerID.map(JSONValue.string))
        object.set("header_format", headerFormat.map(JSONValue.string))
        object.set("updated_at", .string(updatedAt.rfc3339))
        return .object(object)
    }
}

/// A connection's template catalog: the templates, and when it was last read from the provider (`nil`:
/// never, so the catalog is unknown and the approval rule lets templates pass, saying so).
public struct TemplateCatalog: Sendable, Hashable {
    public var templates: [TemplateRecord]
    public var syncedAt: Timestamp?
    /// Where the last sync failed, when it did (shown with the catalog's freshness).
    public var lastSyncError: String?

    public init(templates: [TemplateRecord] = [], syncedAt: Timestamp? = nil, lastSyncError: String? = nil) {
        self.templates = templates
        self.syncedAt = syncedAt
        self.lastSyncError = lastSyncError
    }

    /// Whether the catalog is known as a whole: a full listing was read from the provider. Templates a webhook
    /// reported before the first sync are known one by one (their status applies), but a template absent from
    /// such a partial catalog is not thereby unapproved.
    public var isKnown: Bool { syncedAt != nil }

    /// The template named `name` in `language`; without a language, the first approved one of that name.
    public func template(named name: String, language: String?) -> TemplateRecord? {
        let named = templates.filter { $0.name == name }
        if let language { return named.first { $0.language == language } }
        return named.first(where: \.isSendable) ?? named.first
    }
}
