import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardPostgres
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// The gateway on PostgreSQL end to end over real HTTP on loopback (gated on `SWITCHBOARD_TEST_POSTGRES_URL`):
/// the demo configuration with `store.postgres`, a loopback subscriber, the in-process mock provider.
@Suite(
    "Gateway on PostgreSQL: webhooks, subscriber, send, status",
    .enabled(if: PostgresTestServer.url != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
struct PostgresGatewayTests {
    static let subscriberSecret = "pg-subscriber-secret"

    /// The demo configuration on a fresh schema of the test server, with `subscriber` (if any) receiving everything.
    static func configuration(subscriberURL: String?) throws -> GatewayConfiguration {
        let (mockPort, socket) = try LoopbackListener.refusingPort()
        close(socket)
        let schema = "gateway_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let yaml = GatewayConfiguration.demoYAML
            .replacingOccurrences(
                of: "  sqlite: ./switchboard-data/switchboard.db", with: "  postgres:\n    url: ${TEST_DB}\n    schema: \(schema)"
            )
            .replacingOccurrences(of: "127.0.0.1:8090", with: "127.0.0.1:\(mockPort)")
            .replacingOccurrences(of: "listen: 127.0.0.1:8080", with: "listen: 127.0.0.1:0")
        var configuration = try ConfigurationLoader(
            secrets: SecretSource(environment: ["TEST_DB": try #require(PostgresTestServer.url)]),
            knownProviders: Set(StandardAdapters.registry.providers)
        ).load(yaml: yaml)
        if let subscriberURL {
            configuration.subscribers = [SubscriberConfig(name: "crm", url: subscriberURL, secret: Secret(subscriberSecret))]
        }
        configuration.delivery.pollIntervalMilliseconds = 50
        configuration.sending.dispatcher.pollInterval = .milliseconds(50)
        return configuration
    }

    /// Drops the configuration's schema.
    static func dropSchema(_ configuration: GatewayConfiguration) async {
        guard let postgres = configuration.store.postgres, let schema = postgres.schema else { return }
        let client = PostgresClient(
            configuration: .init(
                host: postgres.host, port: postgres.port, username: postgres.username, password: postgres.password,
                database: postgres.database, tls: .disable))
        let run = Task { await client.run() }
        _ = try? await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
        run.cancel()
        await run.value
    }

    /// A signed Meta webhook body for the demo WhatsApp connection.
    static func signed(_ body: [UInt8]) -> HTTPFields {
        .signedWebhook(body, connection: ConnectionConfig(provider: .meta, secrets: ["app_secret": "demo-app-secret"]))
    }

    @Test("signed webhook → stored → subscriber gets signed JSON; POST /v1/messages → mock provider → status webhook → delivered")
    func endToEnd() async throws {
        let inbox = SubscriberInbox()
        let logger = {
            var logger = Logger(label: "test.pg-gateway")
            logger.logLevel = .error
            return logger
        }()
        try await withLoopbackSubscriber(inbox) { subscriberURL in
            let configuration = try Self.configuration(subscriberURL: subscriberURL)
            let store = try await openStore(configuration.store, logger: logger)
            #expect(store is PostgresEventStore)
            let transport = CurlTransport()
            let mock = try MockProvider(mockProviderOf: configuration)
            let gateway = try buildApplication(
                configuration: configuration, transport: transport, logger: logger, store: store, providerServices: [mock])
            try await gateway.application.test(.live) { client in
                #expect(try await client.execute(uri: "/readyz", method: .get) { $0.status } == .ok)
                // Inbound: stored once, delivered signed to the subscriber; it also opens the 24 h window.
                let inbound = GatewayFixture.whatsAppBody(messageID: "wamid.PGIN1", text: "hello over postgres")
                let status = try await client.execute(
                    uri: "/webhooks/meta/demo-wa", method: .post, headers: Self.signed(inbound), body: ByteBuffer(bytes: inbound)
                ) { $0.status }
                #expect(status == .ok)
                try await inbox.waitFor(1)
                let delivery = try #require(inbox.deliveries.first)
                let expected = "sha256=" + Signature.hex(Signature.hmac(.sha256, key: Self.subscriberSecret, message: delivery.body))
                #expect(delivery.signature == expected)
                let event = try JSONParser.parse(delivery.body)
                #expect(event["content"]?["text"]?.string == "hello over postgres")
                #expect(try await store.eventCount() == 1)

                // Outbound (the approved template: the webhook's message is from 2024, its window is long closed):
                // accepted, sent to the mock provider, then a status webhook moves it to delivered.
                let accepted = try await DemoSendTests.post(client, DemoGateway.helloWorld)
                #expect(accepted.0 == .accepted, "\(JSONWriter(sortedKeys: true).string(accepted.1))")
                let id = try #require(accepted.1["id"]?.string)
                let sent = try await DemoSendTests.waitForState(client, id: id, state: "sent")
                let providerID = try #require(sent["provider_message_id"]?.string)
                #expect(mock.recordedRequests().contains { $0.jsonBody?["template"]?["name"]?.string == "hello_world" })
                let (headers, body) = SendAPIFixture.statusWebhook(
                    providerID: providerID, status: "delivered", timestamp: Int(Date().timeIntervalSince1970))
                var demoHeaders = headers
                demoHeaders[HTTPField.Name("X-Hub-Signature-256")!] = Self.signed(body)[HTTPField.Name("X-Hub-Signature-256")!]
                let statusAnswer = try await client.execute(
                    uri: "/webhooks/meta/demo-wa", method: .post, headers: demoHeaders, body: ByteBuffer(bytes: body)
                ) { $0.status }
                #expect(statusAnswer == .ok)
                let final = try await client.execute(uri: "/v1/messages/\(id)", method: .get, headers: DemoGateway.headers()) {
                    DemoSendTests.json($0.body)
                }
                #expect(final["status"]?.string == "delivered", "\(JSONWriter(sortedKeys: true).string(final))")
                #expect(final["history"]?.array?.compactMap { $0["status"]?.string } == ["queued", "sent", "delivered"])
            }
            await transport.shutdown()
            await Self.dropSchema(configuration)
        }
    }
}

/// The PostgreSQL server of the gated tests (`SWITCHBOARD_TEST_POSTGRES_URL`), or `nil`.
enum PostgresTestServer {
    static let url: String? = {
        let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()
}
