import AdapterKit
import SwitchboardCore

/// The Meta wire family: WhatsApp Cloud API, Messenger and Instagram share one webhook envelope
/// (`object` + `entry[]`), one signature scheme (`X-Hub-Signature-256`) and the Graph Send API.
public struct MetaAdapter: ChannelAdapter {
    public init() {}

    public var provider: Provider { .meta }

    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        .invalid(reason: "not implemented yet")
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        throw .notForProvider("the meta adapter is not implemented yet")
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try MetaOutbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        MetaResponseInterpreter.interpret(response, for: request)
    }
}
