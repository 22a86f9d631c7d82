import AdapterKit
import SwitchboardCore

/// Scaffold: replaced by the real adapter.
public struct VonageAdapter: ChannelAdapter {
    public init() {}
    public var provider: Provider { .vonage }
    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        .invalid(reason: "adapter not implemented")
    }
    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        throw .notForProvider("the \(provider) adapter is not implemented yet")
    }
    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        throw .notForProvider("the \(provider) adapter is not implemented yet")
    }
    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        .failed(DeliveryFailure(category: .unknown, message: "adapter not implemented"))
    }
}
