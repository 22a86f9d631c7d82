import AdapterKit
import SwitchboardCore

/// MessageBird (Bird) legacy REST API (docs/providers.md §8).
///
/// Inbound: SMS/MMS on long numbers and shortcodes (forms), status reports (GET query) and
/// Conversations API webhooks (JSON), signed with `MessageBird-Signature-JWT`. Outbound: `/messages`
/// and `/mms` with `AccessKey` auth. See README.md.
public struct MessageBirdAdapter: ChannelAdapter {
    public init() {}

    public var provider: Provider { .messagebird }

    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        MessageBirdSignature.verify(request, connection: connection)
    }

    /// A `MessageBird-Signature-JWT` over the URL and body (``MessageBirdSignature/sign(_:connection:at:)``).
    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        MessageBirdSignature.sign(request, connection: connection, at: time)
    }

    /// SMS (and MMS).
    public var channels: Set<Channel> { [.sms] }

    /// Form-encoded (status reports come as a GET query, Conversations webhooks as JSON).
    public var webhookContentType: String { "application/x-www-form-urlencoded" }

    /// The same number, with or without `+` (MessageBird writes `31612345678`, events carry `+31612345678`); a
    /// Conversations channel id or an alphanumeric originator ignoring case.
    public func owns(account: String, connection: ConnectionConfig) -> Bool {
        AccountMatch.sameNumber(account, connection.account)
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        try MessageBirdWebhook.decode(request, context: context)
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try MessageBirdOutbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        MessageBirdResponseInterpreter.interpret(response)
    }

    /// MessageBird expects `OK`.
    public func acknowledgement(for request: InboundRequest) -> HandshakeResponse {
        HandshakeResponse(status: 200, contentType: "text/plain", body: "OK")
    }
}
