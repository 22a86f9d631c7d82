/// A WhatsApp template the account has had approved: what the template rules check a `template` message against.
public struct ApprovedTemplate: Sendable, Hashable {
    /// The format of the template's header, as registered with Meta.
    public enum HeaderFormat: String, Sendable, Hashable {
        case text = "TEXT", image = "IMAGE", video = "VIDEO", document = "DOCUMENT", location = "LOCATION"
    }

    public var name: String
    /// `marketing`, `utility` or `authentication` (decides the price).
    public var category: String
    /// `nil` when the template has no header.
    public var headerFormat: HeaderFormat?
    /// Language codes it is approved in (`en_US`, `de`); empty means "any".
    public var languages: Set<String>

    public init(name: String, category: String, headerFormat: HeaderFormat? = nil, languages: Set<String> = []) {
        self.name = name
        self.category = category.lowercased()
        self.headerFormat = headerFormat
        self.languages = languages
    }
}
