import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardCurl
import SwitchboardLedger
import SwitchboardMockProvider
import SwitchboardQueue
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// The policy checked again at dispatch, end to end: the gateway as `serve` builds it (real SQLite store, the real
/// policy), libcurl to the in-repo mock provider answering 429 (retry after 2 s) while the message waits, and a `status`
/// subscriber on loopback. Each case changes what the policy reads while the message waits: time (the 24 h window
/// closes), a provider webhook (the template is paused), the operator (the contact is blocked).
@Suite("Dispatch recheck through the gateway: refused messages are never sent, their holds released, subscribers told")
struct DispatchRecheckGatewayTests {
    static let account = "106540352242922"
    static let businessAccount = "102290129340398"
    static let contact = "16505551234"
    static let conversation = "whatsapp:\(account):\(contact)"

    /// The gateway's store, the mock it sends to (answering every request 429 until a case clears it), the subscriber.
    struct Setup: Sendable {
        let store: any GatewayStore
        let mock: MockProvider
        let inbox: SubscriberInbox
    }

    static func gateway(directory: URL, mockURL: String, subscriberURL: String) throws -> Gateway {
        let configuration = GatewayConfiguration(
            host: "127.0.0.1", port: 0,
            store: StoreSettings(sqlitePath: directory.appendingPathComponent("data/switchboard.db").path),
            connections: [
                ConnectionConfig(
                    name: "wa", provider: .meta, channel: .whatsapp, account: account,
                    secrets: ["app_secret": Secret(SendAPIFixture.appSecret), "access_token": "graph-token"], baseURL: mockURL,
                    options: ["business_account_id": businessAccount])
            ],
            subscribers: [SubscriberConfig(name: "crm", url: subscriberURL, secret: "crm-secret", kinds: [.status])],
            apiKeys: [APIKeyConfig(key: Secret(SendAPIFixture.key), connections: ["wa"])],
            delivery: DeliverySettings(
                initialBackoffMilliseconds: 50, maxBackoffMilliseconds: 200, timeoutMilliseconds: 2000, concurrency: 8,
                pollIntervalMilliseconds: 50))
        let sending = SendSettings(
            accounts: ["wa": AccountSettings(prepaidBalance: Money(decimalString: "10.00"))],
            dispatcher: DispatcherSettings(
                pollInterval: .milliseconds(50),
                retryPolicy: RetryPolicy(maxAttempts: 10_000, baseDelay: .milliseconds(100), maxDelay: .seconds(5)),
                connectionLimits: ["wa": ConnectionRateLimits(connection: RateLimit(1000, burst: 100))]))
        var logger = Logger(label: "test.recheck")
        logger.logLevel = .error
        return try buildApplication(configuration: configuration, transport: CurlTransport(), logger: logger, sending: sending)
    }

    /// Runs `body` with a gateway whose provider (the mock) answers every send 429 with `Retry-After: 2` until the case
    /// clears its faults: each attempt is followed by two quiet seconds in which a case changes what the policy reads.
    static func withGateway(_ body: @escaping @Sendable (Setup, any TestClientProtocol) async throws -> Void) async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mock = MockProvider(configuration: .init(faults: try MockFaultPlan(spec: "429=1,retry-after=2")))
        _ = try await mock.start()
        let mockURL = try #require(mock.baseURL)
        let inbox = SubscriberInbox()
        try await withLoopbackSubscriber(inbox) { url in
            let gateway = try gateway(directory: directory, mockURL: mockURL, subscriberURL: url)
            let setup = Setup(store: gateway.store, mock: mock, inbox: inbox)
            try await gateway.application.test(.live) { client in try await body(setup, client) }
        }
        await mock.shutdown()
    }

    /// Stores an inbound message from the contact written at `at` (the 24 h window runs from it).
    static func inbound(_ store: any GatewayStore, at: Timestamp) async throws {
        var event = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: account, timestamp: at, contact: Contact(id: contact),
            providerMessageID: "wamid.IN\(UUID().uuidString)", content: MessageContent(type: .text, text: "hi"))
        event.assignID(key: event.providerMessageID ?? "")
        _ = try await store.append([EventRecord(event: event, connection: "wa")], receivedAt: Timestamp(Date()))
    }

    static func post(_ client: some TestClientProtocol, _ body: String) async throws -> JSONValue {
        try await client.execute(
            uri: "/v1/messages", method: .post, headers: SendAPIFixture.headers(), body: ByteBuffer(bytes: Array(body.utf8))
        ) { response in
            #expect(response.status == .accepted, "\(String(buffer: response.body))")
            return SendAPITests.json(response.body)
        }
    }

    static func text(_ text: String) -> String {
        #"{"conversation":"\#(conversation)","content":{"type":"text","text":"\#(text)"}}"#
    }

    /// Waits until the message is `refused` (it is retried meanwhile); its `GET /v1/messages/{id}`.
    static func waitForRefusal(_ client: some TestClientProtocol, id: String, timeout: Duration = .seconds(20)) async throws -> JSONValue {
        var last: JSONValue = .null
        try await eventually("\(id) is refused; last: \(JSONWriter(sortedKeys: true).string(last))", timeout: timeout) {
            last = try await client.execute(uri: "/v1/messages/\(id)", method: .get, headers: SendAPIFixture.headers()) {
                SendAPITests.json($0.body)
            }
            return last["state"]?.string == "refused"
        }
        return last
    }

    /// The send requests the mock received (not the template catalog reads).
    static func sends(_ mock: MockProvider) -> [MockRecordedRequest] {
        mock.recordedRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/messages") }
    }

    /// Waits for the message's first attempt, answered 429 (the next one follows two seconds later).
    static func waitForRetry(_ setup: Setup) async throws {
        try await eventually("the provider answered a send 429") {
            sends(setup.mock).contains { $0.status == 429 }
        }
    }

    /// The `status` event the subscriber got for the message.
    static func statusEvent(_ inbox: SubscriberInbox, id: String) async throws -> JSONValue {
        var found: JSONValue?
        try await eventually(
            "the subscriber got a status event for \(id) (it has: \(inbox.deliveries.map { String(decoding: $0.body, as: UTF8.self) }))"
        ) {
            found = inbox.deliveries.compactMap { try? JSONParser.parse($0.body) }.first {
                $0["kind"]?.string == "status" && $0["event"]?["switchboard_message_id"]?.string == id
            }
            return found != nil
        }
        return try #require(found)
    }

    /// What every refused message shows: the state, the failure, the history line, the listing, no redrive, nothing
    /// accepted by the provider and no request after the refusal, and the subscriber's `status` event.
    static func expectRefused(
        _ setup: Setup, _ client: some TestClientProtocol, id: String, code: String, rule: String, remedyPart: String
    ) async throws {
        let status = try await waitForRefusal(client, id: id)
        let requests = sends(setup.mock).count
        #expect(status["status"]?.string == "failed")
        #expect(status["last_failure"]?["category"]?.string == "policy_refused")
        #expect(status["last_failure"]?["provider_code"]?.string == code)
        let failure = status["last_failure"]?["message"]?.string ?? ""
        #expect(failure.contains(" — ") && failure.contains(remedyPart), "\(failure)")
        let history = status["history"]?.array ?? []
        let line = try #require(history.last)
        #expect(line["status"]?.string == "refused" && line["error_code"]?.string == code)
        #expect(line["detail"]?.string?.contains(rule) == true)
        #expect(!sends(setup.mock).isEmpty && !sends(setup.mock).contains { $0.status < 300 }, "the provider accepted nothing")

        let redrive = try await client.execute(uri: "/v1/messages/\(id)/redrive", method: .post, headers: SendAPIFixture.headers()) {
            ($0.status, SendAPITests.json($0.body))
        }
        #expect(redrive.0 == .conflict && redrive.1["code"]?.string == "not_redrivable")
        let listed = try await client.execute(uri: "/v1/messages?state=refused", method: .get, headers: SendAPIFixture.headers()) {
            SendAPITests.json($0.body)
        }
        #expect(listed["items"]?.array?.compactMap { $0["id"]?.string } == [id])

        let event = try await statusEvent(setup.inbox, id: id)
        #expect(event["status"]?.string == "failed")
        #expect(event["provider_message_id"] == nil)
        let error = try #require(event["errors"]?.array?.first)
        #expect(error["code"]?.string == code)
        #expect(error["title"]?.string == rule)
        #expect(error["detail"]?.string?.contains(remedyPart) == true)

        try await Task.sleep(for: .milliseconds(400))
        #expect(sends(setup.mock).count == requests, "nothing is tried after the refusal")
    }

    @Test("a text that waited in retry while the 24 h window closed is refused at dispatch (window_closed)")
    func windowClosedWhileWaiting() async throws {
        try await Self.withGateway { setup, client in
            // The contact wrote 24 h minus 3 s ago: the text is allowed now, and the window closes while it waits
            // (attempts at 0 s and 2 s are answered 429; the one at 4 s finds the window closed).
            try await Self.inbound(setup.store, at: Timestamp(milliseconds: Timestamp(Date()).milliseconds - 86_400_000 + 3000))
            let accepted = try await Self.post(client, Self.text("the window is still open"))
            let id = try #require(accepted["id"]?.string)
            try await Self.waitForRetry(setup)
            try await Self.expectRefused(
                setup, client, id: id, code: "window_closed", rule: "whatsapp_window", remedyPart: "send an approved template")
        }
    }

    @Test("a template paused by the provider's webhook between accept and dispatch is refused; its hold is released")
    func templatePausedByWebhook() async throws {
        try await Self.withGateway { setup, client in
            let store = setup.store
            let now = Timestamp(Date())
            let hourAgo = Timestamp(milliseconds: now.milliseconds - 3_600_000)
            try await store.replaceTemplateCatalog(
                connection: "wa",
                templates: [
                    TemplateRecord(name: "spring_sale", language: "en_US", status: "APPROVED", category: "marketing", updatedAt: hourAgo)
                ],
                syncedAt: hourAgo, actor: "test")
            let template =
                #"{"conversation":"\#(Self.conversation)","content":{"type":"template","template":{"name":"spring_sale","language":"en_US"}}}"#
            let accepted = try await Self.post(client, template)
            let id = try #require(accepted["id"]?.string)
            let hold = try #require(try await store.hold(messageID: id))
            #expect(hold.state == .held && hold.amount.isPositive)
            try await Self.waitForRetry(setup)

            let webhook = Array(
                """
                {"object":"whatsapp_business_account","entry":[{"id":"\(Self.businessAccount)","time":\(now.milliseconds / 1000),"changes":[{"field":"message_template_status_update","value":{"event":"PAUSED","message_template_id":1689556908129835,"message_template_name":"spring_sale","message_template_language":"en_US","reason":"NONE","message_template_category":"MARKETING"}}]}]}
                """.utf8)
            try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(webhook, secret: SendAPIFixture.appSecret),
                body: ByteBuffer(bytes: webhook)
            ) { #expect($0.status == .ok) }
            var catalog = TemplateCatalog()
            try await eventually("the webhook paused the template in the catalog: \(catalog)", timeout: .seconds(1)) {
                catalog = try await store.templateCatalog(connection: "wa")
                return catalog.template(named: "spring_sale", language: "en_US")?.status == "PAUSED"
            }
            // The provider keeps answering 429 here: with its faults cleared, the gateway's scheduled template sync would
            // read the mock's own catalog and replace the one this test set up.
            try await Self.expectRefused(
                setup, client, id: id, code: "template_paused", rule: "template_approval", remedyPart: "another approved template")
            let check = try await client.execute(
                uri: "/v1/messages/check", method: .post, headers: SendAPIFixture.headers(), body: ByteBuffer(bytes: Array(template.utf8))
            ) { SendAPITests.json($0.body) }
            #expect(check["code"]?.string == "template_paused", "a new send is refused at accept as well")
            let released = try #require(try await store.hold(messageID: id))
            #expect(released.state == .released)
            let wallet = try #require(try await store.wallet("wa"))
            #expect(wallet.held == .zero)
            #expect(wallet.balance == Money(decimalString: "10.00"))
        }
    }

    @Test("a contact blocked by the operator while the message waited is refused at dispatch (blocklisted)")
    func contactBlockedWhileWaiting() async throws {
        try await Self.withGateway { setup, client in
            try await Self.inbound(setup.store, at: Timestamp(Date()))
            let accepted = try await Self.post(client, Self.text("before the block"))
            let id = try #require(accepted["id"]?.string)
            try await Self.waitForRetry(setup)
            try await setup.store.setBlocked(
                conversation: Self.conversation, blocked: true, reason: "asked us to stop", actor: "test", at: Timestamp(Date()))
            setup.mock.setFaults(.none)
            try await Self.expectRefused(
                setup, client, id: id, code: "blocklisted", rule: "blocklist", remedyPart: "unblock the contact")
        }
    }
}
