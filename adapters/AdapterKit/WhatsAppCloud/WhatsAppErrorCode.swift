/// A WhatsApp Cloud API / Graph API error code (`error.code`), as an open set: the codes the gateway
/// acts on are named members, and any other code still round-trips (like GRDB's `ResultCode`).
///
/// Source: docs/providers.md §2.8 and §11 (pywa `errors.py`, courier `whatsapp/api.go`, Meta's
/// error-code reference). Classify by code, never by the title or the HTTP status.
public struct WhatsAppErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }

    // Generic Graph API codes.
    /// Temporary: API service unavailable.
    public static let serviceUnavailable = WhatsAppErrorCode(2)
    /// Application-level request limit reached.
    public static let tooManyCalls = WhatsAppErrorCode(4)
    /// Permission denied (token lacks a permission).
    public static let permissionDenied = WhatsAppErrorCode(10)
    /// User-level request limit reached.
    public static let userRequestLimit = WhatsAppErrorCode(17)
    /// Page-level request limit reached.
    public static let pageRequestLimit = WhatsAppErrorCode(32)
    /// Invalid parameter.
    public static let invalidParameter = WhatsAppErrorCode(100)
    /// Access token expired or invalidated.
    public static let accessTokenExpired = WhatsAppErrorCode(190)
    /// Permission error (200–299 are all permission errors).
    public static let permissionError = WhatsAppErrorCode(200)
    /// Temporarily blocked for policy violations.
    public static let policyBlocked = WhatsAppErrorCode(368)
    /// Calls to this API exceeded the rate limit.
    public static let apiTooManyCalls = WhatsAppErrorCode(613)

    // WhatsApp Business codes.
    /// Rate limit hit on the WhatsApp Business Account.
    public static let rateLimitHit = WhatsAppErrorCode(80007)
    /// Cloud API message throughput reached.
    public static let throughputReached = WhatsAppErrorCode(130429)
    /// The user is part of a Meta experiment; the message was not sent.
    public static let userInExperiment = WhatsAppErrorCode(130472)
    /// Sending to users in this country is restricted.
    public static let countryRestricted = WhatsAppErrorCode(130497)
    /// Generic user error / something went wrong.
    public static let genericUserError = WhatsAppErrorCode(131000)
    /// Access denied.
    public static let accessDenied = WhatsAppErrorCode(131005)
    /// A required parameter is missing.
    public static let requiredParameterMissing = WhatsAppErrorCode(131008)
    /// A parameter value is not valid.
    public static let parameterValueInvalid = WhatsAppErrorCode(131009)
    /// Service temporarily unavailable.
    public static let serviceOverloaded = WhatsAppErrorCode(131016)
    /// Recipient cannot be sender.
    public static let recipientCannotBeSender = WhatsAppErrorCode(131021)
    /// Message undeliverable (not on WhatsApp, old client, terms not accepted).
    public static let messageUndeliverable = WhatsAppErrorCode(131026)
    /// Business account locked.
    public static let accountLocked = WhatsAppErrorCode(131031)
    /// Business eligibility / payment issue.
    public static let paymentIssue = WhatsAppErrorCode(131042)
    /// More than 24 hours since the user last wrote: only templates may be sent.
    public static let reEngagementRequired = WhatsAppErrorCode(131047)
    /// Spam rate limit hit.
    public static let spamRateLimit = WhatsAppErrorCode(131048)
    /// Held back to protect ecosystem engagement (per-user marketing cap).
    public static let ecosystemEngagement = WhatsAppErrorCode(131049)
    /// The user stopped marketing messages.
    public static let marketingOptOut = WhatsAppErrorCode(131050)
    /// Unsupported message type.
    public static let unsupportedMessageType = WhatsAppErrorCode(131051)
    /// Media upload error.
    public static let mediaUploadError = WhatsAppErrorCode(131053)
    /// Pair rate limit: too many messages to the same user.
    public static let pairRateLimit = WhatsAppErrorCode(131056)
    /// Business-scoped user id recipients are not supported for this request.
    public static let bsuidNotSupported = WhatsAppErrorCode(131062)
    /// Register/deregister rate limit.
    public static let registrationRateLimit = WhatsAppErrorCode(133016)

    /// Template errors occupy 132000–132999 (parameter count/format, paused, disabled, not found).
    public var isTemplateError: Bool { (132000...132999).contains(rawValue) }
    /// Permission errors occupy 200–299.
    public var isPermissionError: Bool { (200...299).contains(rawValue) }
}
