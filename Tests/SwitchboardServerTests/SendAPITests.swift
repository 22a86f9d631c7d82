import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import TestSupport
import Testing
import Yams

@testable import SwitchboardServer

@Suite("Send API: POST /v1/messages to the provider, over real HTTP on loopback")
struct SendAPITests {
    static func json(_ buffer: ByteBuffer) -> JSONValue {
        (try? JSONParser.parse(Array(buffer.readableBytesView))) ?? .null
    }

    /// Polls `GET /v1/messages/{id}` until `status` is reached; its last answer.
    static func waitForStatus(
        _ client: some TestClientProtocol, id: String, status: String, timeout: Duration = .seconds(10)
    ) async throws -> JSONValue {
        var last: JSONValue = .null
        try await eventually("message \(id) has status \(status); last: \(JSONWriter(sortedKeys: true).string(last))", timeout: timeout) {
            last = try await client.execute(uri: "/v1/messages/\(id)", method: .get, headers: SendAPIFixture.headers()) { json($0.body) }
            return last["status"]?.string == status
        }
        return last
    }

    @Test("happy path: 202 with id and decision → queued → dispatched → the provider receives it → sent with the provider id")
    func happyPath() async throws {
        let provider = FakeGraphProvider()
        let gateway = try SendAPIFixture.gateway(provider: provider)
        try await SendAPIFixture.openWindow(gateway.store)
        try await gateway.application.test(.live) { client in
            let accepted = try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(),
                body: ByteBuffer(bytes: SendAPIFixture.text("shipped"))
            ) { response in
                #expect(response.status == .accepted)
                return Self.json(response.body)
            }
            let id = try #require(accepted["id"]?.string)
            #expect(accepted["decision"]?["allowed"]?.bool == true)
            #expect(accepted["decision"]?["rule"]?.string != nil)
            let status = try await Self.waitForStatus(client, id: id, status: "sent")
            #expect(status["status"]?.string == "sent")
            let received = await provider.received
            #expect(received.count == 1)
            #expect(received.first?.text == "shipped")
            #expect(status["provider_message_id"]?.string == received.first?.providerMessageID)
            let history = status["history"]?.array ?? []
            #expect(history.compactMap { $0["status"]?.string } == ["queued", "sent"])
            #expect(history.last?["provider_message_id"]?.string == received.first?.providerMessageID)
        }
    }

    @Test("window closed: 422 with code, rule, message and remedy; nothing is queued or sent; check says the same")
    func windowClosed() async throws {
        let provider = FakeGraphProvider()
        let gateway = try SendAPIFixture.gateway(provider: provider)
        try await gateway.application.test(.live) { client in
            let refused = try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(), body: ByteBuffer(bytes: SendAPIFixture.text("hi"))
            ) { response in
                #expect(response.status == .unprocessableContent)
                return Self.json(response.body)
            }
            #expect(refused["code"]?.string == "window_closed")
            #expect(refused["rule"]?.string != nil)
            #expect(refused["message"]?.string?.isEmpty == false)
            #expect(refused["remedy"]?.string?.contains("template") == true)
            let check = try await client.execute(
                uri: "/v1/messages/check", method: .post, headers: SendAPIFixture.headers(),
                body: ByteBuffer(bytes: SendAPIFixture.text("hi"))
            ) { response in
                #expect(response.status == .ok)
                return Self.json(response.body)
            }
            #expect(check["allowed"]?.bool == false)
            #expect(check["code"]?.string == "window_closed")
            #expect(check["rule"] == refused["rule"])
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await provider.received.isEmpty)
    }

    @Test("Idempotency-Key: 20 concurrent identical requests → one message, one provider request; another body → 409")
    func idempotentUnderConcurrency() async throws {
        let provider = FakeGraphProvider(latency: .milliseconds(5))
        let gateway = try SendAPIFixture.gateway(provider: provider)
        try await SendAPIFixture.openWindow(gateway.store)
        try await gateway.application.test(.live) { client in
            let ids = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await client.execute(
                            uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(idempotencyKey: "crm-4711"),
                            body: ByteBuffer(bytes: SendAPIFixture.text("once"))
                        ) { ($0.status, Self.json($0.body)["id"]?.string) }
                    }
                }
                var results: [(HTTPResponse.Status, String?)] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(ids.allSatisfy { $0.0 == .accepted })
            let distinct = Set(ids.compactMap(\.1))
            #expect(distinct.count == 1)
            let id = try #require(distinct.first)
            _ = try await Self.waitForStatus(client, id: id, status: "sent")
            try await Task.sleep(for: .milliseconds(200))
            #expect(await provider.received.count == 1)
            try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(idempotencyKey: "crm-4711"),
                body: ByteBuffer(bytes: SendAPIFixture.text("a different message"))
            ) { response in
                #expect(response.status == .conflict)
                #expect(Self.json(response.body)["code"]?.string == "idempotency_key_reused")
            }
        }
    }

    @Test("API keys: none → 401; a key scoped to other connections → 403; another key cannot see the message")
    func authorization() async throws {
        let gateway = try SendAPIFixture.gateway(provider: FakeGraphProvider())
        try await SendAPIFixture.openWindow(gateway.store)
        try await gateway.application.test(.live) { client in
            try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(key: nil),
                body: ByteBuffer(bytes: SendAPIFixture.text("x"))
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(key: "wrong"),
                body: ByteBuffer(bytes: SendAPIFixture.text("x"))
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(key: SendAPIFixture.otherKey),
                body: ByteBuffer(bytes: SendAPIFixture.text("x"))
            ) { #expect($0.status == .forbidden) }
            let id = try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(), body: ByteBuffer(bytes: SendAPIFixture.text("x"))
            ) { Self.json($0.body)["id"]?.string ?? "" }
            try await client.execute(uri: "/v1/messages/\(id)", method: .get, headers: SendAPIFixture.headers(key: SendAPIFixture.otherKey))
            {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("status webhooks out of order (read, then delivered, then sent) never move the message backwards")
    func statusesOutOfOrder() async throws {
        let provider = FakeGraphProvider()
        let gateway = try SendAPIFixture.gateway(provider: provider)
        try await SendAPIFixture.openWindow(gateway.store)
        try await gateway.application.test(.live) { client in
            let id = try await client.execute(
                uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(),
                body: ByteBuffer(bytes: SendAPIFixture.text("track me"))
            ) { Self.json($0.body)["id"]?.string ?? "" }
            let sent = try await Self.waitForStatus(client, id: id, status: "sent")
            let providerID = try #require(sent["provider_message_id"]?.string)
            let now = Int(Date().timeIntervalSince1970)
            for (status, offset) in [("read", 2), ("delivered", 1), ("sent", 0)] {
                let (headers, body) = SendAPIFixture.statusWebhook(providerID: providerID, status: status, timestamp: now + offset)
                try await client.execute(uri: "/webhooks/meta/wa", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                    #expect($0.status == .ok)
                }
            }
            let final = try await Self.waitForStatus(client, id: id, status: "read")
            #expect(final["status"]?.string == "read")
            let statuses = final["history"]?.array?.compactMap { $0["status"]?.string } ?? []
            #expect(statuses == ["queued", "sent", "read"])
        }
    }

    @Test("the OpenAPI document served at /openapi.json lists exactly the routes the server serves, and matches the YAML file")
    func openAPIMatchesRoutes() async throws {
        let gateway = try SendAPIFixture.gateway(provider: FakeGraphProvider())
        try await gateway.application.test(.live) { client in
            let servedBytes = try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                return Array(response.body.readableBytesView)
            }
            // The served JSON is the repository's YAML file as it is now (the build embeds that file, not a copy).
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/SwitchboardServer/SendAPI/openapi.yaml")
            let node = try #require(try Yams.compose(yaml: String(contentsOf: file, encoding: .utf8)))
            #expect(servedBytes == JSONWriter(sortedKeys: false).bytes(OpenAPIDocument.convert(node)))
            let document = try JSONParser.parse(servedBytes)
            #expect(document["openapi"]?.string == "3.1.0")
            var documented: Set<String> = []
            for (path, item) in document["paths"]?.object?.members ?? [] {
                for (method, _) in item.object?.members ?? [] { documented.insert("\(method) \(path)") }
            }
            let routes = SendAPI.routes + QuarantineAPI.routes + SubscriberAPI.routes + ConversationAPI.routes + AccountAPI.routes
            let served = Set(routes.map { "\($0.method) \($0.path)" })
            #expect(documented == served)
            // Every documented route answers (something other than 404 from the router).
            for route in routes {
                let uri = route.path.replacingOccurrences(of: "{id}", with: "msg_000000000000000000000000")
                    .replacingOccurrences(of: "{name}", with: "nobody").replacingOccurrences(of: "{conversation}", with: "sms:1:2")
                let method = try #require(HTTPRequest.Method(route.method.uppercased()))
                try await client.execute(uri: uri, method: method, headers: SendAPIFixture.headers()) { response in
                    let body = Self.json(response.body)
                    #expect(response.status != .notFound || body["code"]?.string == "not_found", "\(route)")
                }
            }
        }
    }
}
