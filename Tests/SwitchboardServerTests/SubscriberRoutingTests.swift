import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardCurl
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

@Suite("Routing to subscribers over real HTTP")
struct SubscriberRoutingTests {
    let logger = Logger(label: "test")
    static let subscriberSecret = "crm-secret"

    static func subscriber(url: String) -> SubscriberConfig {
        SubscriberConfig(name: "crm", url: url, secret: Secret(subscriberSecret), kinds: [.message])
    }

    @Test("HTTP in → row in SQLite → the subscriber receives the canonical JSON with a valid HMAC signature")
    func endToEnd() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inbox = SubscriberInbox()
        let logger = self.logger
        try await withLoopbackSubscriber(inbox) { url in
            let gateway = try buildApplication(
                configuration: GatewayFixture.configuration(directory: directory, subscribers: [Self.subscriber(url: url)]),
                transport: CurlTransport(), logger: logger)
            let store = try #require(gateway.sqliteStore)
            let body = GatewayFixture.whatsAppBody(messageID: "wamid.ROUTE1")
            try await gateway.application.test(.live) { client in
                try await client.execute(
                    uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
                ) { #expect($0.status == .ok) }
                try await inbox.waitFor(1)
                let delivery = try #require(inbox.deliveries.first)
                let expected = "sha256=" + Signature.hex(Signature.hmac(.sha256, key: Self.subscriberSecret, message: delivery.body))
                #expect(delivery.signature == expected)
                let json = try JSONParser.parse(delivery.body)
                #expect(json["provider_message_id"]?.string == "wamid.ROUTE1")
                let id = try #require(json["id"]?.string)
                #expect(delivery.eventID == id)
                let stored = try #require(try await store.event(id: id))
                #expect(Array(stored.json.utf8) == delivery.body)
                // The acknowledgement is recorded by a background write after the subscriber answered.
                var state: String?
                try await eventually("the delivery of \(id) is recorded as delivered (state: \(state ?? "none"))") {
                    state = try await store.deliveries(eventID: id).first?.state
                    return state == "delivered"
                }
                #expect(state == "delivered")
            }
        }
    }

    @Test("a subscriber failing then recovering receives every event once, in order")
    func failingThenRecovering() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inbox = SubscriberInbox(failures: 4)
        let logger = self.logger
        try await withLoopbackSubscriber(inbox) { url in
            let gateway = try buildApplication(
                configuration: GatewayFixture.configuration(directory: directory, subscribers: [Self.subscriber(url: url)]),
                transport: CurlTransport(), logger: logger)
            try await gateway.application.test(.live) { client in
                for index in 0..<6 {
                    let body = GatewayFixture.whatsAppBody(messageID: "wamid.ORDER\(index)")
                    try await client.execute(
                        uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
                    ) { #expect($0.status == .ok) }
                }
                try await inbox.waitFor(6)
                let ids = try inbox.deliveries.map { try JSONParser.parse($0.body)["provider_message_id"]?.string }
                #expect(ids == (0..<6).map { "wamid.ORDER\($0)" })
            }
        }
    }
}
