import SwitchboardCore

/// A provider whose WhatsApp template catalog can be listed (docs/providers.md §2.10): the request for one page
/// and the reading of its answer, pure; the gateway's template sync performs the requests and follows the pages.
public protocol TemplateCatalogSource: ChannelAdapter {
    /// The request for the page after `cursor` (`nil`: the first) of `connection`'s catalog, at most `pageSize`
    /// templates. Throws `not_configured` when the connection lacks what the listing needs (its business account
    /// id, its key).
    func templateCatalogRequest(connection: ConnectionConfig, cursor: String?, pageSize: Int) throws(TemplateCatalogError)
        -> ProviderRequest

    /// The templates of one page and the cursor of the next (`nil`: the last page); `provider_refused` for an
    /// answer that is not 2xx, `malformed_page` for a 2xx body that is no listing.
    func templateCatalogPage(_ response: ProviderResponse) throws(TemplateCatalogError) -> TemplateCatalogPage
}

/// One template as a provider's catalog lists it, keyed by (name, language).
public struct WhatsAppTemplate: Sendable, Hashable {
    public var name: String
    public var language: String
    /// Upper case: `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, ...
    public var status: String
    /// Lower case: `marketing`, `utility`, `authentication`.
    public var category: String?
    /// `GREEN`, `YELLOW`, `RED`, `UNKNOWN`.
    public var quality: String?
    /// `rejected_reason`, without the provider's `NONE`.
    public var reason: String?
    public var id: String?
    /// The `HEADER` component's format (`TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`).
    public var headerFormat: String?

    public init(
        name: String, language: String, status: String, category: String? = nil, quality: String? = nil, reason: String? = nil,
        id: String? = nil, headerFormat: String? = nil
    ) {
        self.name = name
        self.language = language
        self.status = status
        self.category = category
        self.quality = quality
        self.reason = reason
        self.id = id
        self.headerFormat = headerFormat
    }
}

/// One page of a catalog listing.
public struct TemplateCatalogPage: Sendable, Hashable {
    public var templates: [WhatsAppTemplate]
    /// The cursor of the next page; `nil` on the last.
    public var next: String?

    public init(templates: [WhatsAppTemplate], next: String?) {
        self.templates = templates
        self.next = next
    }
}

/// Why a catalog listing failed.
public typealias TemplateCatalogError = CodedFailure<TemplateCatalogErrorCode>

/// The codes of ``TemplateCatalogError``.
public struct TemplateCatalogErrorCode: ErrorCode {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The connection lacks what the listing needs (`options.business_account_id`, the key).
    public static let notConfigured: Self = "not_configured"
    /// The provider answered with an error (status and the provider's message).
    public static let providerRefused: Self = "provider_refused"
    /// A 2xx answer that is not a listing.
    public static let malformedPage: Self = "malformed_page"
    /// The request did not complete (connection refused, timeout).
    public static let transport: Self = "transport"
    /// The listing has more pages than the sync follows.
    public static let tooManyPages: Self = "too_many_pages"
    /// The provider does not list templates (not a WhatsApp connection).
    public static let unsupported: Self = "unsupported"
}

/// Reading the catalog answers of the Cloud API (`GET /{waba-id}/message_templates`) and 360dialog
/// (`GET /v1/configs/templates`), which list the same fields.
public enum WhatsAppTemplateCatalog {
    /// The fields the listing asks for.
    public static let fields = "name,status,category,language,components,quality_score,rejected_reason"

    /// The templates of a listing body: `data[]` (Cloud API) or `waba_templates[]` (360dialog). Items without a
    /// name are skipped; an item without a language or status gets `""` / `UNKNOWN`.
    public static func templates(in root: JSONValue) throws(TemplateCatalogError) -> [WhatsAppTemplate] {
        guard let items = (root["data"] ?? root["waba_templates"])?.array else {
            throw TemplateCatalogError(code: .malformedPage, message: "the answer has no data[] or waba_templates[] list")
        }
        return items.compactMap(template)
    }

    /// One listed template.
    public static func template(_ item: JSONValue) -> WhatsAppTemplate? {
        guard let name = item["name"]?.string, !name.isEmpty else { return nil }
        let quality = item["quality_score"]?["score"]?.string ?? item["quality_score"]?.string
        let reason = item["rejected_reason"]?.string.flatMap { $0.isEmpty || $0.uppercased() == "NONE" ? nil : $0 }
        let header = item["components"]?.array?.first { $0["type"]?.string?.uppercased() == "HEADER" }
        return WhatsAppTemplate(
            name: name, language: item["language"]?.string ?? "", status: (item["status"]?.string ?? "UNKNOWN").uppercased(),
            category: item["category"]?.string?.lowercased(), quality: quality?.uppercased(), reason: reason,
            id: item["id"]?.identifier, headerFormat: header?["format"]?.string?.uppercased())
    }

    /// The parsed body of a 2xx answer; `provider_refused` with the status and the provider's message otherwise.
    public static func body(of response: ProviderResponse) throws(TemplateCatalogError) -> JSONValue {
        let parsed = try? JSONParser.parse(response.body)
        guard (200..<300).contains(response.status) else {
            let error = parsed?["error"]
            let message = error?["message"]?.string ?? error?.string ?? parsed?["message"]?.string ?? "no error message"
            let code = error?["code"]?.identifier.map { " (code \($0))" } ?? ""
            throw TemplateCatalogError(
                code: .providerRefused, message: "HTTP \(response.status)\(code): \(String(message.prefix(200)))")
        }
        guard let parsed else { throw TemplateCatalogError(code: .malformedPage, message: "the answer is not JSON") }
        return parsed
    }
}
