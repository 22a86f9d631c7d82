import AdapterKit
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardMockProvider
import Testing

@Suite("Mock provider endpoints")
struct MockProviderEndpointTests {
    @Test("each provider's adapter gets its success shape and a fresh id", arguments: SendCase.all)
    func successThroughAdapter(_ sendCase: SendCase) async throws {
        try await withMock { mock, baseURL in
            let (first, firstOutcome) = try await sendCase.send(baseURL: baseURL)
            let (_, secondOutcome) = try await sendCase.send(baseURL: baseURL)
            #expect(first.status == sendCase.status)
            guard case .sent(let firstID?) = firstOutcome, case .sent(let secondID?) = secondOutcome else {
                Issue.record("expected two sent outcomes, got \(firstOutcome) and \(secondOutcome)")
                return
            }
            #expect(firstID.hasPrefix(sendCase.idPrefix))
            #expect(!firstID.isEmpty)
            #expect(firstID != secondID)
            let recorded = mock.recordedRequests()
            #expect(recorded.count == 2)
            #expect(recorded.first?.path == sendCase.path)
            #expect(recorded.first?.method == "POST")
            #expect(recorded.first?.status == sendCase.status)
        }
    }

    @Test("WhatsApp answers contacts and messages like the Cloud API")
    func whatsappShape() async throws {
        try await withMock { _, baseURL in
            let (response, _) = try await SendCase.named("whatsapp").send(baseURL: baseURL)
            let body = try #require(response.jsonBody)
            #expect(body["messaging_product"]?.string == "whatsapp")
            #expect(body["contacts"]?[0]?["input"]?.string == "15550000001")
            #expect(body["contacts"]?[0]?["wa_id"]?.string == "15550000001")
            #expect(body["messages"]?[0]?["id"]?.string?.hasPrefix("wamid.") == true)
        }
    }

    @Test("Telegram answers a Message with the chat, the bot and the text")
    func telegramShape() async throws {
        try await withMock { _, baseURL in
            let (response, _) = try await SendCase.named("telegram").send(baseURL: baseURL)
            let body = try #require(response.jsonBody)
            #expect(body["ok"]?.bool == true)
            #expect(body["result"]?["chat"]?["id"]?.identifier == "123456789")
            #expect(body["result"]?["from"]?["id"]?.identifier == "123456")
            #expect(body["result"]?["text"]?.string == "Your order has shipped")
            #expect(body["result"]?["message_id"]?.int64 != nil)
        }
    }

    @Test("Twilio, Vonage and MessageBird answers carry the request's fields")
    func smsShapes() async throws {
        try await withMock { _, baseURL in
            let (twilio, _) = try await SendCase.named("twilio-sms").send(baseURL: baseURL)
            #expect(twilio.jsonBody?["to"]?.string == "+15550000001")
            #expect(twilio.jsonBody?["status"]?.string == "queued")
            #expect(twilio.jsonBody?["body"]?.string == "Your order has shipped")
            let (vonage, _) = try await SendCase.named("vonage-sms").send(baseURL: baseURL)
            #expect(vonage.jsonBody?["messages"]?[0]?["status"]?.string == "0")
            #expect(vonage.jsonBody?["message-count"]?.string == "1")
            let (bird, _) = try await SendCase.named("messagebird-sms").send(baseURL: baseURL)
            #expect(bird.jsonBody?["recipients"]?["items"]?[0]?["status"]?.string == "sent")
            #expect(bird.jsonBody?["direction"]?.string == "mt")
        }
    }

    /// (path, headers, body, expected check on the 401 body)
    static let unauthenticated:
        [(name: String, path: String, headers: [(String, String)], body: String, check: @Sendable (JSONValue) -> Bool)] =
            [
                (
                    "graph", "/v21.0/106540352242922/messages", [("Content-Type", "application/json")],
                    #"{"messaging_product":"whatsapp","to":"15550000001","type":"text","text":{"body":"hi"}}"#,
                    { $0["error"]?["code"]?.int == 190 && $0["error"]?["type"]?.string == "OAuthException" }
                ),
                (
                    "360dialog", "/messages", [("Content-Type", "application/json")],
                    #"{"messaging_product":"whatsapp","to":"15550000001","type":"text","text":{"body":"hi"}}"#,
                    { $0["error"]?["code"]?.int == 190 }
                ),
                (
                    "telegram", "/bot/sendMessage", [("Content-Type", "application/json")], #"{"chat_id":1,"text":"hi"}"#,
                    { $0["ok"]?.bool == false && $0["error_code"]?.int == 401 && $0["description"]?.string == "Unauthorized" }
                ),
                (
                    "twilio", "/2010-04-01/Accounts/AC1/Messages.json", [("Content-Type", "application/x-www-form-urlencoded")],
                    "To=%2B15550000001&From=%2B15550001111&Body=hi", { $0["code"]?.int == 20003 && $0["status"]?.int == 401 }
                ),
                (
                    "vonage-sms", "/sms/json", [("Content-Type", "application/json")], #"{"from":"1555","to":"1555","text":"hi"}"#,
                    { $0["messages"]?[0]?["status"]?.string == "4" }
                ),
                (
                    "vonage-messages", "/v1/messages", [("Content-Type", "application/json")],
                    #"{"message_type":"text","channel":"sms","to":"1555","from":"1555","text":"hi"}"#,
                    { $0["title"]?.string == "Unauthorized" && $0["instance"]?.string != nil }
                ),
                (
                    "messagebird", "/messages", [("Content-Type", "application/json")],
                    #"{"originator":"x","recipients":["1555"],"body":"hi"}"#,
                    { $0["errors"]?[0]?["code"]?.int == 2 }
                ),
            ]

    @Test("a request without credentials gets 401 in its provider's error shape", arguments: 0..<unauthenticated.count)
    func missingCredentials(_ index: Int) async throws {
        let item = Self.unauthenticated[index]
        try await withMock { mock, baseURL in
            let response = try await LoopbackClient().call("POST", baseURL + item.path, headers: item.headers, body: item.body)
            #expect(response.status == 401, "\(item.name)")
            let body = try #require(response.jsonBody, "\(item.name)")
            #expect(item.check(body), "\(item.name): \(body.canonicalText)")
            #expect(mock.recordedRequests().first?.fault == "unauthorized")
        }
    }

    @Test("the Meta adapter reads the mock's 401 as reauthorize")
    func unauthorizedMeansReauthorize() async throws {
        try await withMock { _, baseURL in
            var sendCase = SendCase.named("whatsapp")
            sendCase.secrets = ["access_token": "x"]
            let adapter = try #require(StandardAdapters.registry.adapter(for: .meta))
            var request = try adapter.encode(try sendCase.message(), connection: sendCase.connection(baseURL: baseURL))
            request.headers.removeAll { $0.name == "Authorization" }
            let response = try await LoopbackClient().send(request, options: .init())
            guard case .reauthorize = adapter.interpret(response, for: request) else {
                Issue.record("expected reauthorize, got \(adapter.interpret(response, for: request))")
                return
            }
        }
    }
}
