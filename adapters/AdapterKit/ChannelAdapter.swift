import SwitchboardCore

/// One provider's wire format, as pure functions: bytes in, canonical events out; canonical message
/// in, provider request out; provider response in, delivery outcome out. No I/O, no clocks, no state.
public protocol ChannelAdapter: Sendable {
    /// The provider name used on the command line, in webhook paths and in events.
    var provider: Provider { get }

    /// Checks the request's authenticity over the raw bytes (signature header, secret token, JWT).
    /// Called before ``decode(_:context:)``; a failure means nothing is parsed or stored.
    func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult

    /// Whether `connection` can prove its webhooks' origin: ``WebhookAuthentication/required`` when the provider signs
    /// every webhook (``verify(_:connection:)`` refuses all without the secret); for a provider whose signing is
    /// optional (360dialog, email), ``WebhookAuthentication/configured`` or ``WebhookAuthentication/missing(remedy:)``,
    /// which the configuration refuses unless the connection says `insecure_accept_unsigned: true`
    /// (``ConnectionConfig/insecureAcceptUnsigned``). Default: ``WebhookAuthentication/required``.
    func webhookAuthentication(connection: ConnectionConfig) -> WebhookAuthentication

    /// Answers a provider's subscription handshake (Meta's GET `hub.challenge`), or `nil` when the
    /// request is not one.
    func handshake(_ request: InboundRequest, connection: ConnectionConfig) -> HandshakeResponse?

    /// Normalizes one webhook body into canonical events (zero is fine). Throws
    /// ``SwitchboardError`` with code `malformed_body` or `not_for_provider` for a body it cannot read.
    func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent]

    /// Builds the provider request that sends `message` through `connection`.
    func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest

    /// Classifies the provider's answer to a request built by ``encode(_:connection:)``.
    func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome

    /// The reply body a provider expects on success (Twilio wants TwiML, MessageBird `OK`); default: empty.
    func acknowledgement(for request: InboundRequest) -> HandshakeResponse

    /// The request as it goes on the wire at `time`, called by the dispatcher right before each send attempt
    /// (email stamps its `Date:` header); default: unchanged. Pure: the caller owns the clock.
    func preparing(_ request: ProviderRequest, at time: Timestamp) -> ProviderRequest

    /// Whether `account`, as ``decode(_:context:)`` writes it in ``CanonicalEvent/account``, is the business account
    /// `connection` is configured for (its non-empty ``ConnectionConfig/account``). The gateway gives every event to
    /// the connection among those whose secret verified the request that owns the event's account, and refuses a
    /// request naming an account none of them owns (``owner(of:among:)``). Default: the same text; adapters compare
    /// as their provider writes the account (email addresses ignoring case, phone numbers ignoring `+` and spaces).
    func owns(account: String, connection: ConnectionConfig) -> Bool

    /// The request headers and query parameters that carry one of `connection`'s secrets as it is (a token, not a
    /// signature computed with it), which the gateway never keeps in the quarantine or in a recording. Default: none
    /// (headers whose names mark a credential, and any value equal to a secret, are dropped anyway).
    func credentialFields(connection: ConnectionConfig) -> CredentialFields

    /// `request` as the provider would send it through `connection` at `time`: its authentication added (a body
    /// HMAC, a signed JWT, a secret token header), replacing any of the same name. The inverse of
    /// ``verify(_:connection:)``, which accepts what it returns; what `switchboard replay --to` posts fixtures with,
    /// and what tests sign webhooks with. `request.url` must be the URL the gateway will see (Twilio and MessageBird
    /// sign it; Twilio adds `bodySHA256` to it for a JSON body). Pure: the caller owns the clock, and any token id is
    /// derived from the request and `time`. A secret the connection lacks adds nothing. Default: unchanged (a
    /// provider without webhook authentication).
    func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest

    /// The channels this provider carries (Meta: WhatsApp, Messenger and Instagram): those a connection that does
    /// not name its ``ConnectionConfig/channel`` can send on (``channels(of:)``). Default: none, so that such an
    /// adapter's connections carry only the channel they name.
    var channels: Set<Channel> { get }

    /// The media type this provider's webhook bodies have (`switchboard normalize` sends it when none is given).
    /// Default: `application/json`.
    var webhookContentType: String { get }

    /// Whether `recipient`, as ``OutboundMessage/to`` names it, is a group rather than one contact (Telegram: a
    /// negative chat id), which the dispatcher paces by the provider's per-group limit. Default: `false`.
    func isGroup(recipient: String) -> Bool
}

extension ChannelAdapter {
    public func handshake(_ request: InboundRequest, connection: ConnectionConfig) -> HandshakeResponse? { nil }

    public func webhookAuthentication(connection: ConnectionConfig) -> WebhookAuthentication { .required }

    public func acknowledgement(for request: InboundRequest) -> HandshakeResponse {
        HandshakeResponse(status: 200, contentType: "text/plain", body: "")
    }

    public func preparing(_ request: ProviderRequest, at time: Timestamp) -> ProviderRequest { request }

    public func owns(account: String, connection: ConnectionConfig) -> Bool { account == connection.account }

    public func credentialFields(connection: ConnectionConfig) -> CredentialFields { CredentialFields() }

    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest { request }

    public var channels: Set<Channel> { [] }

    public var webhookContentType: String { "application/json" }

    public func isGroup(recipient: String) -> Bool { false }

    /// The channels `connection` carries: the one it names, else every one of ``channels``.
    public func channels(of connection: ConnectionConfig) -> Set<Channel> {
        connection.channel.map { [$0] } ?? channels
    }
}

/// The outcome of checking a webhook's authenticity.
public enum VerificationResult: Sendable, Hashable {
    case valid
    /// Rejected; the reason is safe to return and log (it never contains the secret).
    case invalid(reason: String)

    /// Whether the request passed.
    public var isValid: Bool { self == .valid }
}

/// A direct reply to a provider (a handshake or an acknowledgement body).
public struct HandshakeResponse: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String = "text/plain", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What a decode needs besides the bytes.
public struct DecodeContext: Sendable, Hashable {
    /// The business account to attribute events to when the payload does not say (SMS number,
    /// mailbox, Telegram bot). Payload values win where the payload has them.
    public var account: String?
    /// The connection's channel where a provider carries several (Twilio SMS vs WhatsApp).
    public var channel: Channel?

    public init(account: String? = nil, channel: Channel? = nil) {
        self.account = account
        self.channel = channel
    }

    /// The context of a webhook that arrived on `connection`: its account (when configured) and channel.
    public init(connection: ConnectionConfig) {
        self.init(account: connection.account.isEmpty ? nil : connection.account, channel: connection.channel)
    }
}
