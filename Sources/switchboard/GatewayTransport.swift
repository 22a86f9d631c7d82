import SwitchboardCore
import SwitchboardTransport

/// The HTTP transport the gateway and `replay --to` use.
enum GatewayTransport {
    /// The production transport.
    static func make() -> any HTTPTransport { PendingTransport() }
}

/// Placeholder until the libcurl transport lands: every request fails (deliveries stay queued).
struct PendingTransport: HTTPTransport {
    func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        throw TransportError(code: "transport", message: "no HTTP transport in this build")
    }
}
