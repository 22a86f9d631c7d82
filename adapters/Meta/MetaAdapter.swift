import AdapterKit
import SwitchboardCore

/// The Meta wire family: WhatsApp Cloud API, Messenger and Instagram share one webhook envelope
/// (`object` + `entry[]`), one signature scheme (`X-Hub-Signature-256`) and the Graph Send API.
///
/// Inbound: ``verify(_:connection:)`` (see ``MetaSignature``), ``handshake(_:connection:)`` and
/// ``decode(_:context:)`` (see ``MetaWebhook``). The channel of each event comes from the body's
/// `object`, not from the connection.
public struct MetaAdapter: ChannelAdapter {
    public init() {}

    public var provider: Provider { .meta }

    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        MetaSignature.verify(request, connection: connection)
    }

    /// `X-Hub-Signature-256` over the body (``MetaSignature``).
    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        MetaSignature.sign(request, connection: connection)
    }

    /// WhatsApp, Messenger and Instagram: the body's `object` says which.
    public var channels: Set<Channel> { [.whatsapp, .messenger, .instagram] }

    public func handshake(_ request: InboundRequest, connection: ConnectionConfig) -> HandshakeResponse? {
        MetaSignature.handshake(request, connection: connection)
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        try MetaWebhook.decode(request.body)
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try MetaOutbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        MetaResponseInterpreter.interpret(response, for: request)
    }
}
