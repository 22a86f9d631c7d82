import SwitchboardCore
import SwitchboardLedger

/// A template message's template as the account knows it: the provider's catalog record when a catalog is
/// known, the configured entry, and what the message itself states.
struct ResolvedTemplate: Sendable, Hashable {
    var name: String
    /// The language the message asks for (`language` or `language.code`).
    var language: String?
    /// The category the message states (`template.category`), lower case.
    var statedCategory: String?
    /// Whether the catalog is known as a whole (a full listing was read).
    var catalogKnown: Bool
    /// The catalog's record for (name, language); without a language, its approved record of that name. A
    /// template webhook may have reported it before any listing was read.
    var record: TemplateRecord?
    /// The languages the catalog lists this name in.
    var catalogLanguages: [String]
    /// The configured entry of that name.
    var configured: ApprovedTemplate?

    init?(message: OutboundMessage, account: AccountState) {
        guard message.channel == .whatsapp, message.content.type == .template, let template = message.content.template,
            let name = template["name"]?.string
        else { return nil }
        self.name = name
        language = template["language"]?.string ?? template["language"]?["code"]?.string
        statedCategory = template["category"]?.string?.lowercased()
        catalogKnown = account.catalog.isKnown
        record = account.catalog.template(named: name, language: language)
        catalogLanguages = account.catalog.templates.filter { $0.name == name }.map(\.language).sorted()
        configured = account.templates[name]
    }

    /// The category that prices the message: the catalog's, else the configured one, else the stated one.
    var category: String? { record?.category ?? configured?.category ?? statedCategory }

    /// Where ``category`` comes from, for the cost's reason.
    func categorySource(_ category: CostCategory) -> String {
        if record?.category != nil { return "listed as \(category) in the provider's template catalog" }
        if configured != nil { return "approved as \(category)" }
        if statedCategory != nil { return "declared \(category)" }
        return "category unknown, priced as marketing"
    }

    /// The header format registered for it (`VIDEO`, `IMAGE`, ...): the catalog's, else the configured one.
    var headerFormat: String? { record?.headerFormat ?? configured?.headerFormat?.rawValue }
}
