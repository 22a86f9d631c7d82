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

@Suite("Subscriber isolation, ordering and dead letters over real HTTP")
struct SubscriberIsolationTests {
    let logger = Logger(label: "test")

    static func json(_ buffer: ByteBuffer) -> JSONValue { (try? JSONParser.parse(Array(buffer.readableBytesView))) ?? .null }

    static func post(_ client: some TestClientProtocol, messageID: String, contact: String, text: String = "hello") async throws {
        let body = GatewayFixture.whatsAppBody(messageID: messageID, contact: contact, text: text)
        let status = try await client.execute(
            uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
        ) { $0.status }
        #expect(status == .ok)
    }

    @Test("a subscriber that never answers holds only its own slots: the healthy one receives each event as it is stored")
    func hangingSubscriberDoesNotDelayAnother() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inbox = SubscriberInbox()
        let hanging = HangingSubscriber()
        let logger = self.logger
        try await withLoopbackSubscriber(inbox) { healthyURL in
            try await withHangingSubscriber(hanging) { hangingURL in
                var configuration = GatewayFixture.configuration(
                    directory: directory,
                    subscribers: [
                        SubscriberConfig(name: "hanging", url: hangingURL, secret: Secret("h"), kinds: [.message]),
                        SubscriberConfig(name: "healthy", url: healthyURL, secret: Secret("s"), kinds: [.message]),
                    ])
                // Far longer than the test waits for each event: the hanging subscriber's attempts stay in flight.
                configuration.delivery.timeoutMilliseconds = 60_000
                configuration.delivery.concurrency = 4
                let gateway = try buildApplication(configuration: configuration, transport: CurlTransport(), logger: logger)
                try await gateway.application.test(.live) { client in
                    // One event at a time, each to a new conversation: the hanging subscriber takes each one into a
                    // slot of its share (2 of 4) and keeps it; the healthy one must receive each before the next.
                    for index in 0..<6 {
                        try await Self.post(client, messageID: "wamid.ISOLATE\(index)", contact: "1650555\(1000 + index)")
                        try await inbox.waitFor(index + 1, timeout: .seconds(5))
                        #expect(inbox.deliveries.count == index + 1, "event \(index) did not reach the healthy subscriber")
                    }
                    #expect(hanging.held == 2, "the hanging subscriber holds its share of the slots, no more")
                    let ids = inbox.deliveries.compactMap { (try? JSONParser.parse($0.body))?["provider_message_id"]?.string }
                    #expect(ids == (0..<6).map { "wamid.ISOLATE\($0)" })
                    hanging.release()
                }
            }
        }
    }

    @Test(
        "a delivery past the give-up age is parked, the conversation's later event is delivered, the dead letter is listed and redriven (API and command line)"
    )
    func deadLetterThenRedrive() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inbox = SubscriberInbox(refusing: { String(decoding: $0, as: UTF8.self).contains("poison") })
        let logger = self.logger
        try await withLoopbackSubscriber(inbox) { url in
            var configuration = GatewayFixture.configuration(
                directory: directory, subscribers: [SubscriberConfig(name: "crm", url: url, secret: Secret("s"), kinds: [.message])])
            configuration.delivery.giveUpAfterMilliseconds = 1000
            configuration.apiKeys = [APIKeyConfig(key: Secret("admin")), APIKeyConfig(key: Secret("agent"), connections: ["wa"])]
            let gateway = try buildApplication(configuration: configuration, transport: CurlTransport(), logger: logger)
            let store = try #require(gateway.sqliteStore)
            try await gateway.application.test(.live) { client in
                func call(_ uri: String, _ method: HTTPRequest.Method, key: String = "admin") async throws -> (
                    HTTPResponse.Status, JSONValue
                ) {
                    try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(key)"]) {
                        ($0.status, Self.json($0.body))
                    }
                }
                try await Self.post(client, messageID: "wamid.POISON", contact: "16505550001", text: "poison")
                try await Self.post(client, messageID: "wamid.LATER", contact: "16505550001", text: "later")
                // The later event waits behind the failing one, then goes once it is parked.
                try await inbox.waitFor(1)
                #expect(inbox.deliveries.compactMap { (try? JSONParser.parse($0.body))?["provider_message_id"]?.string } == ["wamid.LATER"])

                let (status, listing) = try await call("/v1/subscribers/crm/dead_letters", .get)
                #expect(status == .ok)
                let letter = try #require(listing["items"]?[0])
                #expect(listing["items"]?.array?.count == 1)
                #expect(letter["reason"]?.string?.hasPrefix("gave up after 1s (") == true)
                #expect(letter["last_error"]?.string == "HTTP 503")
                let id = try #require(letter["id"]?.int)
                let eventID = try #require(letter["event_id"]?.string)
                #expect(try await store.deliveries(eventID: eventID).map(\.state) == ["dead"])
                #expect(try await store.deliveryBacklog(now: Timestamp(Date())).dead == 1)
                #expect(try await call("/v1/subscribers/crm/dead_letters", .get, key: "agent").0 == .forbidden)
                #expect(try await call("/v1/subscribers/nobody/dead_letters", .get).0 == .notFound)

                inbox.recover()
                let (redriven, answer) = try await call("/v1/subscribers/crm/dead_letters/\(id)/redrive", .post)
                #expect(redriven == .accepted)
                #expect(answer["redriven"]?.int == 1)
                // Redriven after the later event: it arrives after it.
                try await inbox.waitFor(2)
                #expect(
                    inbox.deliveries.compactMap { (try? JSONParser.parse($0.body))?["provider_message_id"]?.string } == [
                        "wamid.LATER", "wamid.POISON",
                    ])
                #expect(try await call("/v1/subscribers/crm/dead_letters/\(id)/redrive", .post).0 == .notFound)
                #expect(try await call("/v1/subscribers/crm/dead_letters", .get).1["items"]?.array?.isEmpty == true)

                // The command line: list (empty now) and redrive all (nothing to do), then argument checks.
                try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
                let base = ["--to", "http://127.0.0.1:\(client.port ?? 0)", "--api-key", "admin"]
                let list = try await QuarantineAPITests.command(["subscribers", "dead-letters", "crm"] + base)
                #expect(list.status == 0, "\(list.stderr)")
                #expect((try? JSONParser.parse(list.stdout))?["items"]?.array?.isEmpty == true)
                let all = try await QuarantineAPITests.command(["subscribers", "redrive", "crm", "--all"] + base)
                #expect(all.status == 0, "\(all.stderr)")
                #expect((try? JSONParser.parse(all.stdout))?["redriven"]?.int == 0)
                let missing = try await QuarantineAPITests.command(["subscribers", "redrive", "crm", "\(id)"] + base)
                #expect(missing.status == 1)
                let neither = try await QuarantineAPITests.command(["subscribers", "redrive", "crm"] + base)
                #expect(neither.status == 64)
            }
        }
    }
}
