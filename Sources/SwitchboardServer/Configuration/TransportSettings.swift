/// The outgoing HTTP connections every send and every subscriber delivery shares (`transport:`).
///
/// Over TLS libcurl negotiates HTTP/2 where the server offers it and runs many requests as streams of one
/// connection; a server that speaks HTTP/1.1 only (every plain `http://` subscriber, and some providers)
/// takes one request per connection at a time, so its throughput is at most
/// `maxConnectionsPerHost` / round-trip time (32 connections at 200 ms: 160 requests a second).
public struct TransportSettings: Sendable, Hashable {
    /// Most simultaneous connections to one host (`max_connections_per_host`, default 32); further requests to
    /// that host wait for a free one.
    public var maxConnectionsPerHost: Int
    /// Idle connections kept open for reuse, over all hosts (`max_idle_connections`, default 64).
    public var maxIdleConnections: Int

    /// The defaults: 32 connections per host, 64 idle connections kept.
    public init(maxConnectionsPerHost: Int = 32, maxIdleConnections: Int = 64) {
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxIdleConnections = maxIdleConnections
    }
}
