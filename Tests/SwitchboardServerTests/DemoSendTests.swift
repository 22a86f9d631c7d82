import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardMockProvider
import SwitchboardQueue
import SwitchboardServer
import TestSupport
import Testing

@Suite("Embedded demo: send end to end through the in-process mock provider; queue metrics; redrive")
struct DemoSendTests {
    static func json(_ buffer: ByteBuffer) -> JSONValue { (try? JSONParser.parse(Array(buffer.readableBytesView))) ?? .null }

    /// POSTs `body` to `/v1/messages` with the demo key; the answer's status and JSON.
    static func post(_ client: some TestClientProtocol, _ body: [UInt8], path: String = "/v1/messages") async throws -> (
        HTTPResponse.Status, JSONValue
    ) {
        try await client.execute(uri: path, method: .post, headers: DemoGateway.headers(), body: ByteBuffer(bytes: body)) {
            ($0.status, json($0.body))
        }
    }

    /// `GET path` with the demo key: the answer's status and JSON.
    static func get(_ client: some TestClientProtocol, _ path: String) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(uri: path, method: .get, headers: DemoGateway.headers()) { ($0.status, json($0.body)) }
    }

    /// Polls `GET /v1/messages/{id}` until the queue state is `state`; its last answer.
    static func waitForState(_ client: some TestClientProtocol, id: String, state: String) async throws -> JSONValue {
        var last: JSONValue = .null
        try await eventually("message \(id) reached \(state); last: \(JSONWriter(sortedKeys: true).string(last))", timeout: .seconds(15)) {
            last = try await client.execute(uri: "/v1/messages/\(id)", method: .get, headers: DemoGateway.headers()) { json($0.body) }
            return last["state"]?.string == state
        }
        return last
    }

    /// The value of the exposition line for `name` whose labels include every one of `labels`.
    static func metric(_ text: String, _ name: String, _ labels: [String] = []) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let head = line.prefix { $0 != " " }
            guard labels.allSatisfy({ head.contains($0) }), let value = line.split(separator: " ").last else { continue }
            return Double(value)
        }
        return nil
    }

    @Test("the demo key sends an SMS and an approved WhatsApp template: both reach sent, the mock provider records both")
    func demoSendsEndToEnd() async throws {
        let demo = try DemoGateway()
        let mock = demo.mockProvider
        try await demo.gateway.application.test(.live) { client in
            let (smsStatus, sms) = try await Self.post(client, DemoGateway.sms("hello from the demo"))
            #expect(smsStatus == .accepted)
            let (templateStatus, template) = try await Self.post(client, DemoGateway.helloWorld)
            #expect(templateStatus == .accepted, "\(JSONWriter(sortedKeys: true).string(template))")
            let smsSent = try await Self.waitForState(client, id: try #require(sms["id"]?.string), state: "sent")
            let templateSent = try await Self.waitForState(client, id: try #require(template["id"]?.string), state: "sent")

            let recorded = mock.recordedRequests()
            let twilio = try #require(recorded.first { $0.family == .twilio })
            #expect(twilio.path == "/2010-04-01/Accounts/ACdemo00000000000000000000000000/Messages.json")
            #expect(String(decoding: twilio.body, as: UTF8.self).contains("Body=hello%20from%20the%20demo"))
            #expect(smsSent["provider_message_id"]?.string?.hasPrefix("SM") == true)
            let whatsapp = try #require(recorded.first { $0.family == .whatsapp })
            #expect(whatsapp.jsonBody?["template"]?["name"]?.string == "hello_world")
            #expect(templateSent["provider_message_id"]?.string?.hasPrefix("wamid.") == true)
            #expect(recorded.count == 2)
        }
        await demo.transport.shutdown()
    }

    @Test("Telegram: the send API asks the adapter whether a chat is a group; a group needs no start, a person does")
    func telegramGroupFromTheAdapter() async throws {
        let demo = try DemoGateway()
        try await demo.gateway.application.test(.live) { client in
            func check(_ chat: String) async throws -> JSONValue {
                let body = #"{"conversation": "telegram:demo_bot:\#(chat)", "content": {"type": "text", "text": "hi"}}"#
                let (status, answer) = try await Self.post(client, Array(body.utf8), path: "/v1/messages/check")
                #expect(status == .ok, "\(JSONWriter(sortedKeys: true).string(answer))")
                return answer
            }
            let group = try await check("-1001234567890")
            #expect(group["allowed"]?.bool == true, "\(JSONWriter(sortedKeys: true).string(group))")
            let person = try await check("123456789")
            #expect(person["allowed"]?.bool == false)
            #expect(person["code"]?.string == "telegram_not_started", "\(JSONWriter(sortedKeys: true).string(person))")
        }
        await demo.transport.shutdown()
    }

    @Test("/metrics: accepted and refused by rule, sends by outcome per connection, queue depth by state, enqueue-to-sent")
    func queueMetrics() async throws {
        let demo = try DemoGateway()
        let metrics = demo.gateway.metricsListener
        try await demo.gateway.application.test(.live) { client in
            let (_, accepted) = try await Self.post(client, DemoGateway.sms("counted"))
            _ = try await Self.waitForState(client, id: try #require(accepted["id"]?.string), state: "sent")
            // Free-form WhatsApp with no inbound message: the 24 h window is closed.
            let (status, refused) = try await Self.post(
                client, Array(#"{"conversation":"whatsapp:106540352242922:16505551234","content":{"type":"text","text":"hi"}}"#.utf8))
            #expect(status == .unprocessableContent)
            let rule = try #require(refused["rule"]?.string)
            let text = try await MetricsScrape.text(metrics)

            let acceptedRule = try #require(accepted["decision"]?["rule"]?.string)
            #expect(
                Self.metric(
                    text, "switchboard_outbound_messages_total",
                    [#"connection="demo-twilio""#, #"outcome="accepted""#, #"rule="\#(acceptedRule)""#]) == 1)
            #expect(
                Self.metric(
                    text, "switchboard_outbound_messages_total", [#"connection="demo-wa""#, #"outcome="refused""#, #"rule="\#(rule)""#])
                    == 1)
            #expect(Self.metric(text, "switchboard_outbound_sends_total", [#"connection="demo-twilio""#, #"outcome="sent""#]) == 1)
            #expect(Self.metric(text, "switchboard_outbound_sends_total", [#"outcome="retry""#]) == nil)
            #expect(Self.metric(text, "switchboard_outbound_enqueue_to_sent_seconds_count", [#"connection="demo-twilio""#]) == 1)
            let latency = try #require(
                Self.metric(text, "switchboard_outbound_enqueue_to_sent_seconds_sum", [#"connection="demo-twilio""#]))
            #expect(latency >= 0 && latency < 15)
            for state in ["queued", "sending", "retry_wait", "dead"] {
                #expect(Self.metric(text, "switchboard_outbound_queue_depth", [#"state="\#(state)""#]) == 0, "\(state)")
            }
        }
        await demo.transport.shutdown()
    }

    @Test(
        "a message dead after its attempts is redriven and reaches sent; redriving a sent message answers 409; depth and outcomes counted")
    func redrive() async throws {
        let demo = try DemoGateway { configuration in
            configuration.sending.dispatcher.retryPolicy = RetryPolicy(
                maxAttempts: 2, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
            configuration.sending.dispatcher.pollInterval = .milliseconds(20)
            configuration.sending.dispatcher.connectionLimits["demo-twilio"] = ConnectionRateLimits(
                connection: RateLimit(1000, burst: 100))
            configuration.mockProvider?.faults = MockFaultPlan(serverErrorRate: 1, serverErrorStatus: 503)
        }
        let mock = demo.mockProvider
        let metrics = demo.gateway.metricsListener
        try await demo.gateway.application.test(.live) { client in
            let (_, accepted) = try await Self.post(client, DemoGateway.sms("try me"))
            let id = try #require(accepted["id"]?.string)
            let dead = try await Self.waitForState(client, id: id, state: "dead")
            #expect(dead["attempts"]?.int == 2)
            #expect(dead["dead_letter"]?["reason"]?.string?.isEmpty == false)
            #expect(mock.recordedRequests().count == 2)
            var text = try await MetricsScrape.text(metrics)
            #expect(Self.metric(text, "switchboard_outbound_queue_depth", [#"state="dead""#]) == 1)
            #expect(Self.metric(text, "switchboard_outbound_sends_total", [#"connection="demo-twilio""#, #"outcome="retry""#]) == 1)
            #expect(Self.metric(text, "switchboard_outbound_sends_total", [#"connection="demo-twilio""#, #"outcome="dead""#]) == 1)

            // The dead letter is listed (dead is the listing's default state), with its reason.
            let (listStatus, deadLetters) = try await Self.get(client, "/v1/messages")
            #expect(listStatus == .ok)
            #expect(deadLetters["items"]?.array?.map { $0["id"]?.string } == [id])
            #expect(deadLetters["items"]?[0]?["dead_letter"]?["reason"]?.string == dead["dead_letter"]?["reason"]?.string)
            #expect(deadLetters["items"]?[0]?["history"] == dead["history"])
            #expect(try await Self.get(client, "/v1/messages?state=lost").0 == .badRequest)

            mock.setFaults(.none)
            let (redriveStatus, redriven) = try await Self.post(client, [], path: "/v1/messages/\(id)/redrive")
            #expect(redriveStatus == .accepted)
            #expect(redriven["state"]?.string == "queued")
            let sent = try await Self.waitForState(client, id: id, state: "sent")
            #expect(sent["status"]?.string == "sent")
            #expect(sent["history"]?.array?.compactMap { $0["status"]?.string }.suffix(3) == ["dead", "queued", "sent"])
            #expect(mock.recordedRequests().count == 3)
            #expect(try await Self.get(client, "/v1/messages?state=dead").1["items"]?.array?.isEmpty == true)
            #expect(try await Self.get(client, "/v1/messages?state=sent").1["items"]?.array?.map { $0["id"]?.string } == [id])

            let (againStatus, again) = try await Self.post(client, [], path: "/v1/messages/\(id)/redrive")
            #expect(againStatus == .conflict)
            #expect(again["code"]?.string == "not_redrivable")
            text = try await MetricsScrape.text(metrics)
            #expect(Self.metric(text, "switchboard_outbound_queue_depth", [#"state="dead""#]) == 0)
            #expect(Self.metric(text, "switchboard_outbound_sends_total", [#"connection="demo-twilio""#, #"outcome="sent""#]) == 1)
        }
        await demo.transport.shutdown()
    }
}
