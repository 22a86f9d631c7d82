import SwitchboardCore

/// A change to a connection's account state that a provider webhook reports (docs/providers.md §2.9, §2.10),
/// computed purely from canonical events (``changes(from:connections:)``, in `AccountChange+Events.swift`)
/// and applied by the store in the append's transaction (``AccountStatus/applying(_:)``,
/// ``TemplateCatalog/applying(_:)``).
public enum AccountChange: Sendable, Hashable {
    /// A template's status, quality or category changed (`message_template_status_update`,
    /// `message_template_quality_update`, `template_category_update`).
    case template(connection: String, TemplateUpdate)
    /// The messaging limit or quality changed (`phone_number_quality_update`, `business_capability_update`).
    case limit(connection: String, tier: String?, quality: String?, at: Timestamp)
    /// A restriction was placed (`account_update` `ACCOUNT_RESTRICTION`); an empty list lifts them.
    case restrictions(connection: String, [AccountStatus.Restriction], at: Timestamp)
    /// An account-level send error worth remembering (131042 payment issue).
    case accountProblem(connection: String, AccountStatus.ProblemNote)
    /// A per-contact send error worth remembering (131049 marketing limit, 131050 marketing stopped).
    case contactProblem(conversation: String, AccountStatus.ProblemNote)

    /// The connection (or, for a contact problem, the conversation) the change concerns.
    public var key: String {
        switch self {
        case .template(let connection, _), .limit(let connection, _, _, _), .restrictions(let connection, _, _),
            .accountProblem(let connection, _):
            connection
        case .contactProblem(let conversation, _): conversation
        }
    }
}

/// What a template webhook says about one template; absent members are unchanged.
public struct TemplateUpdate: Sendable, Hashable {
    public var name: String
    public var language: String
    public var providerID: String?
    /// The new status (`APPROVED`, `PAUSED`, `DISABLED`, `REJECTED`, ...), when the webhook gives one.
    public var status: String?
    public var category: String?
    public var quality: String?
    public var reason: String?
    public var at: Timestamp

    public init(
        name: String, language: String, providerID: String? = nil, status: String? = nil, category: String? = nil, quality: String? = nil,
        reason: String? = nil, at: Timestamp
    ) {
        self.name = name
        self.language = language
        self.providerID = providerID
        self.status = status
        self.category = category
        self.quality = quality
        self.reason = reason
        self.at = at
    }
}
