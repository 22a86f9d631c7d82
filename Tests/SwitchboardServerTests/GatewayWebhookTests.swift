import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import SwitchboardTransport
import Testing

/// A transport that must not be used (gateways without subscribers).
struct NoTransport: HTTPTransport {
    func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        throw TransportError(code: "transport", message: "unused in this test")
    }
}

@Suite("Gateway webhooks over real HTTP")
struct GatewayWebhookTests {
    let logger = Logger(label: "test")

    @Test("a signed webhook is stored, then answered 200; a re-delivery is 200 with no duplicate row")
    func signedAndDuplicate() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = GatewayFixture.configuration(directory: directory)
        configuration.apiKeys = [
            APIKeyConfig(key: Secret("reader"), connections: ["wa"]), APIKeyConfig(key: Secret("other"), connections: ["x"]),
        ]
        let gateway = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let store = gateway.store
        let body = GatewayFixture.whatsAppBody(messageID: "wamid.E2E1")
        try await gateway.application.test(.live) { client in
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status == .ok)
                }
            }
            #expect(try await store.eventCount() == 1)
            let conversation = "/v1/conversations/whatsapp:\(GatewayFixture.account):16505551234"
            func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }
            // The state is read with an API key whose connections carry the conversation's channel and account.
            try await client.execute(uri: conversation, method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: conversation, method: .get, headers: bearer("other")) { #expect($0.status == .notFound) }
            try await client.execute(uri: conversation, method: .get, headers: bearer("reader")) { response in
                #expect(response.status == .ok)
                let json = try JSONParser.parse(Array(response.body.readableBytesView))
                #expect(json["last_inbound_at"]?.string == "2024-05-01T12:00:00Z")
                #expect(json["window"]?["closes_at"]?.string == "2024-05-02T12:00:00Z")
            }
        }
        // The file holds the event after the gateway shut down.
        let reopened = try SQLiteEventStore(path: directory.appendingPathComponent("data/switchboard.db").path)
        #expect(try await reopened.eventCount() == 1)
        await reopened.close()
    }

    @Test("a bad signature is refused with 401 and nothing is stored")
    func badSignature() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let store = gateway.store
        let body = GatewayFixture.whatsAppBody(messageID: "wamid.BAD")
        try await gateway.application.test(.live) { client in
            try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body, secret: "wrong"),
                body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            #expect(try await store.eventCount() == 0)
            #expect(try await store.quarantined(limit: 10).isEmpty)
        }
    }

    @Test("a body over the limit is refused with 413")
    func oversize() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory, maxBodyBytes: 512), transport: NoTransport(), logger: logger)
        let store = gateway.store
        let body = GatewayFixture.whatsAppBody(messageID: "wamid.BIG", text: String(repeating: "x", count: 2000))
        try await gateway.application.test(.live) { client in
            try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            #expect(try await store.eventCount() == 0)
        }
    }

    @Test("a malformed body is answered 400 with the reason, and its raw bytes are quarantined")
    func malformed() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let store = gateway.store
        let body = Array(#"{"object":"whatsapp_business_account","entry":[{"#.utf8)
        try await gateway.application.test(.live) { client in
            try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("malformed_body"))
            }
            let quarantined = try await store.quarantined(limit: 10)
            #expect(quarantined.count == 1)
            #expect(quarantined.first?.body == body)
            #expect(quarantined.first?.headers.contains { $0.name.lowercased() == "x-hub-signature-256" } == false)
            #expect(try await store.eventCount() == 0)
        }
    }

    @Test("the Meta GET handshake echoes the challenge for the right verify token only")
    func handshake() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        try await gateway.application.test(.live) { client in
            try await client.execute(
                uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", method: .get
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "1158201444")
            }
            try await client.execute(
                uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444", method: .get
            ) { response in
                #expect(response.status != .ok)
            }
        }
    }

    @Test("200 concurrent webhooks are all acknowledged and stored, in fewer transactions than requests")
    func groupCommit() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let store = try #require(gateway.sqliteStore)
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let before = store.writeStatistics
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let body = GatewayFixture.whatsAppBody(messageID: "wamid.G\(index)", contact: "1650555\(index % 10)")
                        return try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                            try await connection.execute(
                                TestClient.Request(
                                    "/webhooks/meta/wa", method: .post, authority: "127.0.0.1",
                                    headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body))
                            ).status
                        }
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == .ok })
            #expect(try await store.eventCount() == 200)
            let after = store.writeStatistics
            #expect(after.requests - before.requests == 200)
            #expect(after.transactions - before.transactions < 200)
        }
    }

    @Test("health, readiness and Prometheus metrics (behind the metrics token on the main port) answer")
    func operations() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = GatewayFixture.configuration(directory: directory)
        configuration.metricsToken = Secret(MetricsScrape.token)
        let gateway = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let body = GatewayFixture.whatsAppBody(messageID: "wamid.M1")
        try await gateway.application.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
            ) { #expect($0.status == .ok) }
            let bearer: HTTPFields = [.authorization: "Bearer \(MetricsScrape.token)"]
            try await client.execute(uri: "/metrics", method: .get, headers: bearer) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"switchboard_webhook_requests_total{provider="meta",outcome="accepted"} 1"#))
                #expect(text.contains(#"switchboard_events_stored_total{provider="meta"} 1"#))
            }
        }
    }
}
