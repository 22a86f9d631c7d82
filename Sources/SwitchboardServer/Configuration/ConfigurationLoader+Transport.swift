import Yams

/// The `transport:` section: the outgoing HTTP connections of sends and subscriber deliveries.
extension ConfigurationLoader {
    /// `transport: {max_connections_per_host, max_idle_connections}`.
    func readTransport(_ node: Node, walker: YAMLWalker, into settings: inout TransportSettings) {
        guard let members = walker.mapping(node, "transport", allowed: ["max_connections_per_host", "max_idle_connections"]) else {
            return
        }
        if let value = walker.int(members["max_connections_per_host"], "transport.max_connections_per_host", range: 1...1024) {
            settings.maxConnectionsPerHost = value
        }
        if let value = walker.int(members["max_idle_connections"], "transport.max_idle_connections", range: 1...4096) {
            settings.maxIdleConnections = value
        }
    }
}
