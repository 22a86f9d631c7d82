import SwitchboardServer
import Testing

/// The `limits:` section's connection keys, and the cap derived from the open-file limit.
@Suite("Limits: configuration")
struct LimitsConfigurationTests {
    func loader() -> ConfigurationLoader { ConfigurationLoader.reading(environment: [:], files: [:], knownProviders: [.meta]) }

    func problems(_ yaml: String) -> [String] { loader().problems(in: yaml) }

    @Test("defaults: 16384 connections, idle 60 s, header 10 s, body 30 s")
    func defaults() throws {
        let limits = try loader().load(yaml: "listen: 127.0.0.1:8080\n").limits
        #expect(limits == Limits())
        #expect(limits.maxConnections == 16384)
        #expect(limits.connectionTimeouts == HTTPConnectionTimeouts(idle: .seconds(60), header: .seconds(10), body: .seconds(30)))
    }

    @Test("limits: every connection key read")
    func settings() throws {
        let yaml = """
            limits:
              max_body_bytes: 4096
              max_connections: 2000
              idle_timeout_ms: 5000
              header_timeout_ms: 2_000
              body_timeout_ms: 15000
              body_total_timeout_ms: 90000
            """
        let limits = try loader().load(yaml: yaml).limits
        #expect(limits.maxBodyBytes == 4096)
        #expect(limits.maxConnections == 2000)
        #expect(
            limits.connectionTimeouts
                == HTTPConnectionTimeouts(idle: .seconds(5), header: .seconds(2), body: .seconds(15), bodyTotal: .seconds(90)))
    }

    @Test(
        "out of range, malformed or unknown keys are problems naming the key",
        arguments: [
            ("max_connections: 0", "limits.max_connections", "between 1 and 1048576"),
            ("idle_timeout_ms: 50", "limits.idle_timeout_ms", "between 100 and 86400000"),
            ("header_timeout_ms: 3600001", "limits.header_timeout_ms", "between 100 and 3600000"),
            ("body_timeout_ms: soon", "limits.body_timeout_ms", "expected a whole number"),
            ("keepalive_timeout_ms: 5000", "limits.keepalive_timeout_ms", "unknown key"),
        ])
    func refused(line: String, key: String, message: String) {
        let found = problems("limits:\n  \(line)\n")
        #expect(found.count == 1)
        #expect(found.first?.contains(key) == true && found.first?.contains(message) == true, "\(found)")
    }

    @Test("the cap is the configured one within the open-file limit less the reserve")
    func cap() {
        #expect(FileDescriptorLimit(soft: 65536, hard: 65536).connectionCap(configured: 16384) == 16384)
        #expect(FileDescriptorLimit(soft: 1024, hard: 524_288).connectionCap(configured: 16384) == 1024 - FileDescriptorLimit.reserve)
        #expect(FileDescriptorLimit(soft: 100, hard: 100).connectionCap(configured: 16384) == 1)
        let current = FileDescriptorLimit.current()
        #expect(current.soft > 0 && current.soft <= current.hard)
    }
}
