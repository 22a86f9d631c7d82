/// What a provider's answer to a send means for the message: data the dispatcher acts on.
public enum DeliveryOutcome: Sendable, Hashable {
    /// Accepted; the provider's id for the message where it returns one.
    case sent(providerMessageID: String?)
    /// Temporary: try again, no sooner than `after` seconds when the provider says so. Adapters report a
    /// wait in `0...86_400` (AdapterKit's `RetryAfter` clamps what providers state); the dispatcher holds
    /// any value, NaN and infinities included, to its retry policy's `0...maxDelay`.
    case retry(after: Double?, failure: DeliveryFailure)
    /// The free-form window is closed: send a template (WhatsApp) or use a tag (Messenger/Instagram).
    case windowClosed(DeliveryFailure)
    /// Will not succeed as it is; do not retry.
    case failed(DeliveryFailure)
    /// Credentials are invalid or expired: pause the connection until re-authorized.
    case reauthorize(DeliveryFailure)

    /// Stable name of the outcome (`sent`, `retry`, `window_closed`, `failed`, `reauthorize`).
    public var name: String {
        switch self {
        case .sent: "sent"
        case .retry: "retry"
        case .windowClosed: "window_closed"
        case .failed: "failed"
        case .reauthorize: "reauthorize"
        }
    }

    /// Canonical JSON (used by goldens and the status API).
    public var json: JSONValue {
        var object = JSONObject()
        object.set("outcome", .string(name))
        switch self {
        case .sent(let id): object.set("provider_message_id", id.map(JSONValue.string))
        case .retry(let after, let failure):
            // JSON has no NaN or infinity: such a wait (never reported by the bundled adapters) is left out.
            object.set("retry_after", after.flatMap { $0.isFinite ? JSONValue.double($0) : nil })
            object.set("failure", failure.json)
        case .windowClosed(let failure), .failed(let failure), .reauthorize(let failure):
            object.set("failure", failure.json)
        }
        return .object(object)
    }
}

/// Why a send did not go through.
public struct DeliveryFailure: Sendable, Hashable {
    /// Stable category the rest of the gateway keys on.
    public enum Category: String, Sendable, Hashable {
        case rateLimited = "rate_limited"
        case temporary
        case windowClosed = "window_closed"
        case contactUnreachable = "contact_unreachable"
        case optedOut = "opted_out"
        case invalidRequest = "invalid_request"
        case templateProblem = "template_problem"
        case accountProblem = "account_problem"
        case authorization
        /// The gateway's own policy refused the message when it was checked again right before sending (the
        /// provider never saw it); `providerCode` holds the policy's refusal code.
        case policyRefused = "policy_refused"
        case unknown
    }

    public var category: Category
    /// The provider's own error code as a string, where it gave one.
    public var providerCode: String?
    /// What it means, in a sentence.
    public var message: String
    /// `true` when the limit is per recipient (WhatsApp pair rate 131056, Telegram per-chat): other
    /// recipients are not affected.
    public var perRecipient: Bool

    public init(category: Category, providerCode: String? = nil, message: String, perRecipient: Bool = false) {
        self.category = category
        self.providerCode = providerCode
        self.message = message
        self.perRecipient = perRecipient
    }

    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("category", .string(category.rawValue))
        object.set("provider_code", providerCode.map(JSONValue.string))
        object.set("message", .string(message))
        if perRecipient { object.set("per_recipient", .bool(true)) }
        return .object(object)
    }
}
