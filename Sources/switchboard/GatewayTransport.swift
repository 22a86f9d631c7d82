import SwitchboardCurl
import SwitchboardTransport

/// The HTTP transport the gateway and `replay --to` use: libcurl's multi interface.
enum GatewayTransport {
    /// The production transport.
    static func make() -> any HTTPTransport { CurlTransport() }
}
