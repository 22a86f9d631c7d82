import SwitchboardCurl
import SwitchboardServer
import SwitchboardTransport

/// The HTTP transport the gateway and `replay --to` use: libcurl's multi interface.
enum GatewayTransport {
    /// The production transport, with the connection limits of `settings` (the configuration's `transport:`).
    static func make(_ settings: TransportSettings = TransportSettings()) -> any HTTPTransport {
        CurlTransport(configuration: configuration(settings))
    }

    /// libcurl's settings for `settings`.
    static func configuration(_ settings: TransportSettings) -> CurlTransport.Configuration {
        CurlTransport.Configuration(
            maxConnectionsPerHost: settings.maxConnectionsPerHost, maxCachedConnections: settings.maxIdleConnections)
    }
}
