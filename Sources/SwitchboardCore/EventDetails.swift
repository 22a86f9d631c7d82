/// Delivery state of an outbound message, in the order it can only move forward.
public enum DeliveryStatus: String, Sendable, Hashable, CaseIterable {
    case queued, sent, delivered, read, played, failed, deleted

    /// Rank used to keep transitions monotonic: a `read` is never downgraded to `delivered`.
    /// `failed` and `deleted` are terminal and outrank everything.
    public var rank: Int {
        switch self {
        case .queued: 0
        case .sent: 1
        case .delivered: 2
        case .read: 3
        case .played: 4
        case .failed: 5
        case .deleted: 6
        }
    }
}

/// A provider error attached to a status or an event; codes are kept as strings.
public struct ProviderErrorInfo: Sendable, Hashable {
    public var code: String
    public var title: String?
    public var detail: String?

    public init(code: String, title: String? = nil, detail: String? = nil) {
        self.code = code
        self.title = title
        self.detail = detail
    }
}

/// What a provider says a message costs.
public struct Pricing: Sendable, Hashable {
    public var category: String?
    public var type: String?
    public var billable: Bool?
    public var model: String?

    public init(category: String? = nil, type: String? = nil, billable: Bool? = nil, model: String? = nil) {
        self.category = category
        self.type = type
        self.billable = billable
        self.model = model
    }
}

/// Where a contact came from: a click-to-message ad, a post, a link.
public struct Referral: Sendable, Hashable {
    public var sourceType: String
    public var sourceID: String?
    public var sourceURL: String?
    public var headline: String?
    public var ctwaClid: String?
    /// Free-form referral parameter (`ref` of m.me / ig.me links).
    public var ref: String?

    public init(
        sourceType: String, sourceID: String? = nil, sourceURL: String? = nil, headline: String? = nil,
        ctwaClid: String? = nil, ref: String? = nil
    ) {
        self.sourceType = sourceType
        self.sourceID = sourceID
        self.sourceURL = sourceURL
        self.headline = headline
        self.ctwaClid = ctwaClid
        self.ref = ref
    }
}

/// Email-specific data of an email message.
public struct EmailDetails: Sendable, Hashable {
    public var subject: String?
    public var messageID: String?
    /// The first id of `In-Reply-To` (the message this one answers).
    public var inReplyTo: String?
    public var references: [String]
    public var html: String?
    public var cc: [String]
    public var to: [String]
    /// `Auto-Submitted` value or a marker for other auto-reply signals (`auto-replied`, `x-autoreply`, ...).
    public var autoSubmitted: String?
    /// Set for delivery status notifications (bounces).
    public var bounce: JSONValue?

    public init(
        subject: String? = nil, messageID: String? = nil, inReplyTo: String? = nil, references: [String] = [],
        html: String? = nil, cc: [String] = [], to: [String] = [], autoSubmitted: String? = nil, bounce: JSONValue? = nil
    ) {
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.html = html
        self.cc = cc
        self.to = to
        self.autoSubmitted = autoSubmitted
        self.bounce = bounce
    }
}

/// A generic event: `type` names it (`opt_in`, `opt_out`, `template_status`, `handover`, ...) and
/// `attributes` carries its data.
public struct EventDetail: Sendable, Hashable {
    public var type: String
    public var attributes: JSONObject

    public init(type: String, attributes: JSONObject = JSONObject()) {
        self.type = type
        self.attributes = attributes
    }
}
