import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardServer
import TestSupport
import Testing

/// Who can read `/metrics`: the metrics listener on its own (loopback) address; the internet-facing port only with
/// `Authorization: Bearer <metrics_token>`, and not at all without a configured token.
@Suite("/metrics off the public port: the metrics listener, and the main port behind the metrics token")
struct MetricsAccessTests {
    let logger: Logger = {
        var logger = Logger(label: "test.metrics")
        logger.logLevel = .error
        return logger
    }()

    func configuration(_ directory: URL, token: String? = nil) -> GatewayConfiguration {
        var configuration = GatewayFixture.configuration(directory: directory)
        configuration.metricsToken = token.map { Secret($0) }
        configuration.metricsListen = ListenAddress(host: "127.0.0.1", port: 0)
        return configuration
    }

    @Test("main port without metrics_token: /metrics is 404 to everyone, with or without a bearer; health stays open")
    func mainPortWithoutToken() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(configuration: configuration(directory), transport: NoTransport(), logger: logger)
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            #expect(try await MetricsScrape.get(port: port).status == 404)
            #expect(try await MetricsScrape.get(port: port, bearer: MetricsScrape.token).status == 404)
            #expect(try await MetricsScrape.get(port: port, path: "/healthz").status == 200)
            #expect(try await MetricsScrape.get(port: port, path: "/readyz").status == 200)
        }
    }

    @Test("main port with metrics_token: 404 without a token, 401 with a wrong one, 200 and the exposition with the right one")
    func mainPortWithToken() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logs = RecordedLogs()
        let gateway = try buildApplication(
            configuration: configuration(directory, token: MetricsScrape.token), transport: NoTransport(), logger: logs.logger)
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let unknown = try await MetricsScrape.get(port: port, path: "/no-such-path")
            let anonymous = try await MetricsScrape.get(port: port)
            #expect(anonymous.status == 404)
            #expect(anonymous.body == unknown.body, "the same answer as a path that does not exist")
            let wrong = try await MetricsScrape.get(port: port, bearer: MetricsScrape.token + "x")
            #expect(wrong.status == 401)
            #expect(!wrong.body.contains("switchboard_"))
            #expect(try await MetricsScrape.get(port: port, bearer: String(MetricsScrape.token.dropLast())).status == 401)
            let right = try await MetricsScrape.get(port: port, bearer: MetricsScrape.token)
            #expect(right.status == 200)
            #expect(right.body.contains("switchboard_http_connections_limit"))
        }
        let logged = logs.lines.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!logs.lines.isEmpty)
        #expect(!logged.contains(MetricsScrape.token.dropLast()), "neither the token nor a wrong one presented is logged")
    }

    @Test("the metrics listener serves /metrics on its own address without a token, and nothing else; it stops with the gateway")
    func listener() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: configuration(directory), transport: NoTransport(), logger: logger, metricsListener: true)
        let listener = gateway.metricsListener
        let body = GatewayFixture.whatsAppBody(messageID: "wamid.METRICS")
        let metricsPort = try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
            ) { #expect($0.status == .ok) }
            let metricsPort = try await MetricsScrape.listenerPort(listener)
            #expect(metricsPort != port)
            let scrape = try await MetricsScrape.get(port: metricsPort)
            #expect(scrape.status == 200)
            #expect(scrape.headers["content-type"] == "text/plain; version=0.0.4")
            #expect(scrape.body.contains(#"switchboard_webhook_requests_total{provider="meta",outcome="accepted"} 1"#))
            #expect(try await MetricsScrape.get(port: metricsPort, path: "/healthz").status == 404)
            #expect(try await MetricsScrape.get(port: metricsPort, path: "/v1/messages").status == 404)
            #expect(try await MetricsScrape.get(port: port).status == 404, "not on the main port (no token configured)")
            return metricsPort
        }
        // Graceful shutdown closed the listener with the rest of the gateway.
        let refused = await RawHTTP.onThread { (try? LoopbackConnection.connect(port: metricsPort, timeout: .seconds(2))) == nil }
        #expect(refused)
    }

    @Test(
        "a metrics address that cannot be listened on is logged and the gateway serves on; buildApplication starts no listener unless asked"
    )
    func unavailableAddress() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let occupant = try LoopbackListener { _ in }
        defer { occupant.stop() }
        var configuration = configuration(directory)
        configuration.metricsListen = ListenAddress(host: "127.0.0.1", port: occupant.port)
        #expect(try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger).metricsListener == nil)
        let logs = RecordedLogs()
        let gateway = try buildApplication(
            configuration: configuration, transport: NoTransport(), logger: logs.logger, metricsListener: true)
        let listener = try #require(gateway.metricsListener)
        try await gateway.application.test(.live) { client in
            try await eventually("the listener reports its failure") { listener.failure != nil }
            #expect(listener.port == nil)
            let port = try #require(client.port)
            #expect(try await MetricsScrape.get(port: port, path: "/readyz").status == 200)
        }
        let error = logs.lines.first { $0.level == .error && $0.message.contains("metrics listener: cannot listen") }
        #expect(error?.metadata["switchboard.metrics.listen"] == "127.0.0.1:\(occupant.port)")
        configuration.metricsListen = nil
        let off = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger, metricsListener: true)
        #expect(off.metricsListener == nil, "metrics_listen: none")
    }
}

@Suite("Configuration: metrics_listen, metrics_token, limits.max_api_body_bytes")
struct MetricsConfigurationTests {
    func loader(environment: [String: String] = [:]) -> ConfigurationLoader {
        ConfigurationLoader.reading(environment: environment, files: [:], knownProviders: [.meta])
    }

    @Test("defaults: metrics on 127.0.0.1:9464, no token, API bodies up to 1 MiB")
    func defaults() throws {
        let configuration = try loader().load(yaml: "listen: 0.0.0.0:8080\n")
        #expect(configuration.metricsListen == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(configuration.metricsToken == nil)
        #expect(configuration.limits.maxAPIBodyBytes == 1 << 20)
    }

    @Test("metrics_listen host:port or none; metrics_token from the environment, kept out of logs; max_api_body_bytes read")
    func values() throws {
        let yaml = """
            metrics_listen: 10.0.0.5:9100
            metrics_token: ${METRICS_TOKEN}
            limits:
              max_api_body_bytes: 65536
            """
        let configuration = try loader(environment: ["METRICS_TOKEN": "scrape-token-0123456789"]).load(yaml: yaml)
        #expect(configuration.metricsListen == ListenAddress(host: "10.0.0.5", port: 9100))
        #expect(configuration.metricsToken?.value == "scrape-token-0123456789")
        #expect(configuration.secretValues.contains("scrape-token-0123456789"))
        #expect(configuration.limits.maxAPIBodyBytes == 65536)
        #expect(try loader().load(yaml: "metrics_listen: none\n").metricsListen == nil)
    }

    @Test(
        "bad values are problems naming the key",
        arguments: [
            ("metrics_listen: 9464\n", "metrics_listen"), ("metrics_listen: localhost:99999\n", "metrics_listen"),
            ("metrics_token: short\n", "metrics_token"), ("metrics_token: ${UNSET_METRICS_TOKEN}\n", "metrics_token"),
            ("limits:\n  max_api_body_bytes: 10\n", "limits.max_api_body_bytes"),
        ])
    func problems(yaml: String, key: String) {
        let problems = loader().problems(in: yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.contains(key) == true, "\(problems)")
    }
}
