import AdapterKit
import SwitchboardCore

/// 360dialog: a WhatsApp Business Solution Provider that proxies the Cloud API.
///
/// Sends the Cloud API's own bodies (``WhatsAppCloudOutbound``) to `POST {base}/messages` with a
/// `D360-API-KEY` header; answers are Graph-shaped and classified like Meta's
/// (``WhatsAppResponseInterpreter``). Webhooks carry the Cloud API envelope; decoding is wired to the
/// shared WhatsApp inbound code by the integrator.
public struct Dialog360Adapter: ChannelAdapter {
    public init() {}
    public var provider: Provider { .dialog360 }

    /// See ``Dialog360Signature``.
    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        Dialog360Signature.verify(request, connection: connection)
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        throw .notForProvider("the \(provider) adapter is not implemented yet")
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try Dialog360Outbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        WhatsAppResponseInterpreter.interpret(response)
    }
}
