import SwitchboardCurl
import SwitchboardServer
import SwitchboardTransport

/// The HTTP transport the gateway and `replay --to` use: libcurl's multi interface.
enum GatewayTransport {
    /// The production transport, with the connection limits of `settings` (the configuration's `transport:`).
    static func make(_ settings: TransportSettings) -> any HTTPTransport {
        CurlTransport(
            configuration: CurlTransport.Configuration(
                maxConnectionsPerHost: settings.maxConnectionsPerHost, maxCachedConnections: settings.maxIdleConnections))
    }
}
