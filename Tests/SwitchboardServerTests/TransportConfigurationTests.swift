import SwitchboardServer
import Testing

/// The `transport:` section: the outgoing connections every send and delivery shares.
@Suite("Transport: configuration")
struct TransportConfigurationTests {
    func loader() -> ConfigurationLoader { ConfigurationLoader.reading(environment: [:], files: [:], knownProviders: [.meta]) }

    func problems(_ yaml: String) -> [String] { loader().problems(in: yaml) }

    @Test("defaults: 32 connections per host, 64 idle connections kept")
    func defaults() throws {
        let transport = try loader().load(yaml: "listen: 127.0.0.1:8080\n").transport
        #expect(transport == TransportSettings(maxConnectionsPerHost: 32, maxIdleConnections: 64))
    }

    @Test("transport: both limits read; out of range, malformed or unknown keys are problems naming the key")
    func settings() throws {
        let transport = try loader().load(yaml: "transport:\n  max_connections_per_host: 100\n  max_idle_connections: 200\n").transport
        #expect(transport.maxConnectionsPerHost == 100 && transport.maxIdleConnections == 200)

        let zero = problems("transport:\n  max_connections_per_host: 0\n")
        #expect(zero.count == 1)
        #expect(zero.first?.contains("transport.max_connections_per_host") == true && zero.first?.contains("between 1 and 1024") == true)
        #expect(problems("transport:\n  max_idle_connections: many\n").first?.contains("expected a whole number") == true)
        #expect(problems("transport:\n  connections_per_host: 8\n").first?.contains("unknown key") == true)
    }
}
