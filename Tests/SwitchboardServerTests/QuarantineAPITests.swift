import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MetaAdapter
import SwitchboardCore
import SwitchboardCurl
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// The Meta adapter of an older release that could not read these webhooks: it verifies signatures like the
/// real one and refuses every body, as a decoder with a bug does.
private struct RefusingMetaAdapter: ChannelAdapter {
    let real = MetaAdapter()
    var provider: Provider { real.provider }
    func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        real.verify(request, connection: connection)
    }
    func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        throw SwitchboardError(code: "malformed_body", message: "unsupported message type (this release's decoder)")
    }
    func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try real.encode(message, connection: connection)
    }
    func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        real.interpret(response, for: request)
    }
}

@Suite("Quarantine API: list, show, reprocess")
struct QuarantineAPITests {
    let logger = Logger(label: "test")
    static let key = "ops-key"
    static let scopedKey = "other-team-key"

    static func configuration(directory: URL, subscribers: [SubscriberConfig] = []) -> GatewayConfiguration {
        var configuration = GatewayFixture.configuration(directory: directory, subscribers: subscribers)
        configuration.apiKeys = [APIKeyConfig(key: Secret(key)), APIKeyConfig(key: Secret(scopedKey), connections: ["other"])]
        return configuration
    }

    static func headers(_ key: String = key) -> HTTPFields {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(key)"
        return fields
    }

    static func json(_ buffer: ByteBuffer) -> JSONValue { (try? JSONParser.parse(Array(buffer.readableBytesView))) ?? .null }

    /// Posts `body`, signed, to the `wa` connection and returns the status.
    static func post(_ body: [UInt8], _ client: any TestClientProtocol) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
        ) { $0.status }
    }

    @Test(
        "a webhook the old decoder refused is listed and shown byte-exact, then reprocessed after the upgrade: stored once, delivered to the subscriber"
    )
    func reprocessAfterUpgrade() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let body = GatewayFixture.whatsAppBody(messageID: "wamid.QUARANTINED1", text: "order #42")
        let broken = Array(#"{"object":"whatsapp_business_account","entry":[{"#.utf8)
        // The release with the bug: both webhooks are answered 400 and kept.
        let before = try buildApplication(
            configuration: Self.configuration(directory: directory), transport: NoTransport(), logger: logger,
            registry: AdapterRegistry([RefusingMetaAdapter()]))
        try await before.application.test(.live) { client in
            let first = try await Self.post(body, client)
            let second = try await Self.post(broken, client)
            #expect(first == .badRequest && second == .badRequest)
        }
        await before.store.close()

        // The fixed release, on the same database, with a subscriber.
        let inbox = SubscriberInbox()
        let logger = self.logger
        try await withLoopbackSubscriber(inbox) { url in
            let subscriber = SubscriberConfig(name: "crm", url: url, secret: Secret("crm-secret"), kinds: [.message])
            let after = try buildApplication(
                configuration: Self.configuration(directory: directory, subscribers: [subscriber]), transport: CurlTransport(),
                logger: logger)
            let store = after.store
            try await after.application.test(.live) { client in
                let list = try await client.execute(uri: "/v1/quarantine", method: .get, headers: Self.headers()) { response in
                    #expect(response.status == .ok)
                    return Self.json(response.body)
                }
                let items = list["items"]?.array ?? []
                #expect(items.count == 2)
                #expect(list["next_before"] == nil)
                let newest = try #require(items.first?["id"]?.int)
                let oldest = try #require(items.last?["id"]?.int)
                #expect(items.last?["reason"]?.string?.hasPrefix("malformed_body: unsupported message type") == true)
                #expect(items.last?["body_bytes"]?.int == body.count)
                #expect(items.last?["connection"]?.string == "wa")

                // One page of one, then the next.
                let page = try await client.execute(uri: "/v1/quarantine?limit=1", method: .get, headers: Self.headers()) {
                    Self.json($0.body)
                }
                #expect(page["items"]?.array?.map { $0["id"]?.int } == [newest])
                #expect(page["next_before"]?.int == newest)
                let next = try await client.execute(uri: "/v1/quarantine?limit=1&before=\(newest)", method: .get, headers: Self.headers()) {
                    Self.json($0.body)
                }
                #expect(next["items"]?.array?.map { $0["id"]?.int } == [oldest])

                let shown = try await client.execute(uri: "/v1/quarantine/\(oldest)", method: .get, headers: Self.headers()) { response in
                    #expect(response.status == .ok)
                    return Self.json(response.body)
                }
                #expect(shown["body_base64"]?.string.flatMap { Base64.decode($0) } == body)
                #expect(shown["body"]?.string == String(decoding: body, as: UTF8.self))
                #expect(shown["headers"]?["X-Hub-Signature-256"] == nil)
                #expect(shown["headers"]?["Content-Type"]?.string == "application/json")

                // Reprocessing: the event is stored and delivered.
                let result = try await client.execute(uri: "/v1/quarantine/\(oldest)/reprocess", method: .post, headers: Self.headers()) {
                    response in
                    #expect(response.status == .ok)
                    return Self.json(response.body)
                }
                let ids = result["events"]?.array?.compactMap(\.string) ?? []
                #expect(ids.count == 1)
                #expect(result["stored"]?.array?.compactMap(\.string) == ids)
                #expect(result["duplicates"]?.array?.isEmpty == true)
                try await inbox.waitFor(1)
                let delivered = try #require(inbox.deliveries.first)
                let event = try JSONParser.parse(delivered.body)
                #expect(event["id"]?.string == ids.first)
                #expect(event["provider_message_id"]?.string == "wamid.QUARANTINED1")
                #expect(event["content"]?["text"]?.string == "order #42")
                #expect(try await store.eventCount() == 1)

                // Marked on the row; a second reprocessing, or the provider's own retry, stores nothing twice.
                let marked = try await client.execute(uri: "/v1/quarantine/\(oldest)", method: .get, headers: Self.headers()) {
                    Self.json($0.body)
                }
                #expect(marked["reprocessed_at"]?.string != nil)
                #expect(marked["reprocessed_events"]?.int == 1)
                let again = try await client.execute(uri: "/v1/quarantine/\(oldest)/reprocess", method: .post, headers: Self.headers()) {
                    Self.json($0.body)
                }
                #expect(again["stored"]?.array?.isEmpty == true)
                #expect(again["duplicates"]?.array?.compactMap(\.string) == ids)
                let redelivered = try await Self.post(body, client)
                #expect(redelivered == .ok)
                #expect(try await store.eventCount() == 1)
                try await Task.sleep(for: .milliseconds(300))
                #expect(inbox.deliveries.count == 1)

                // The truncated body still does not decode: 422 with the reason, and it stays unmarked.
                try await client.execute(uri: "/v1/quarantine/\(newest)/reprocess", method: .post, headers: Self.headers()) { response in
                    #expect(response.status == .unprocessableContent)
                    let problem = Self.json(response.body)
                    #expect(problem["code"]?.string == "still_malformed")
                    #expect(problem["message"]?.string?.hasPrefix("malformed_body") == true)
                    #expect(problem["remedy"]?.string != nil)
                }
                let unmarked = try await client.execute(uri: "/v1/quarantine/\(newest)", method: .get, headers: Self.headers()) {
                    Self.json($0.body)
                }
                #expect(unmarked["reprocessed_at"] == nil)
            }
        }
    }

    /// A live gateway on a fresh store that was sent `body` (answered 400 and kept); `test` gets its client, its
    /// store and the quarantined request's id.
    func withQuarantined(
        _ body: [UInt8], _ test: @escaping @Sendable (any TestClientProtocol, any GatewayStore, Int64) async throws -> Void
    ) async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: Self.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let store = gateway.store
        try await gateway.application.test(.live) { client in
            #expect(try await Self.post(body, client) == .badRequest)
            let id = try #require(try await store.quarantined(limit: 1).first?.id)
            try await test(client, store, id)
        }
    }

    @Test("the quarantine needs an API key, and a key scoped to other connections sees none of this connection's requests")
    func authorization() async throws {
        try await withQuarantined(Array("{".utf8)) { client, store, id in
            for (uri, method) in [
                ("/v1/quarantine", HTTPRequest.Method.get), ("/v1/quarantine/\(id)", .get), ("/v1/quarantine/\(id)/reprocess", .post),
            ] {
                try await client.execute(uri: uri, method: method) { #expect($0.status == .unauthorized, "\(uri)") }
            }
            let scoped = try await client.execute(uri: "/v1/quarantine", method: .get, headers: Self.headers(Self.scopedKey)) {
                Self.json($0.body)
            }
            #expect(scoped["items"]?.array?.isEmpty == true)
            for (uri, method) in [("/v1/quarantine/\(id)", HTTPRequest.Method.get), ("/v1/quarantine/\(id)/reprocess", .post)] {
                try await client.execute(uri: uri, method: method, headers: Self.headers(Self.scopedKey)) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/quarantine?limit=0", method: .get, headers: Self.headers()) { response in
                #expect(response.status == .badRequest)
                #expect(Self.json(response.body)["code"]?.string == "invalid_limit")
            }
            #expect(try await store.quarantined(limit: 10).first?.reprocessedAt == nil)
        }
    }

    /// Runs the `switchboard` binary off the cooperative pool (the gateway it talks to answers on that pool).
    static func command(_ arguments: [String]) async throws -> SwitchboardProcess.Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try SwitchboardProcess.run(arguments) })
            }
        }
    }

    @Test("switchboard quarantine lists, shows the body byte-exact, and reports a reprocessing that still fails with exit 3")
    func commandLine() async throws {
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let body = Array(#"{"object":"whatsapp_business_account","entry":[{"id":"é"#.utf8)
        try await withQuarantined(body) { client, _, id in
            let base = ["--to", "http://127.0.0.1:\(client.port ?? 0)", "--api-key", Self.key]

            let list = try await Self.command(["quarantine", "list"] + base)
            #expect(list.status == 0)
            #expect((try? JSONParser.parse(list.stdout))?["items"]?[0]?["id"]?.int == Int(id))
            let shown = try await Self.command(["quarantine", "show", "\(id)", "--body"] + base)
            #expect(shown.status == 0)
            #expect(shown.output == body)
            let reprocessed = try await Self.command(["quarantine", "reprocess", "\(id)"] + base)
            #expect(reprocessed.status == 3)
            #expect((try? JSONParser.parse(reprocessed.stdout))?["code"]?.string == "still_malformed")
            let missing = try await Self.command(["quarantine", "show", "\(id + 100)"] + base)
            #expect(missing.status == 1)
            let noID = try await Self.command(["quarantine", "reprocess"] + base)
            #expect(noID.status == 64)
            #expect(noID.stderr.contains("needs the request's id"))
        }
    }
}
