import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardCurl
import SwitchboardServer
import TestSupport
import Testing

@Suite("Redelivery to a subscriber over real HTTP")
struct SubscriberRedeliveryTests {
    let logger = Logger(label: "test")

    static func json(_ buffer: ByteBuffer) -> JSONValue { (try? JSONParser.parse(Array(buffer.readableBytesView))) ?? .null }

    @Test("POST /v1/subscribers/{name}/redeliver sends the subscriber again, in order, what it took since a time; admin keys only")
    func redeliver() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inbox = SubscriberInbox()
        let logger = self.logger
        try await withLoopbackSubscriber(inbox) { url in
            var configuration = GatewayFixture.configuration(
                directory: directory, subscribers: [SubscriberConfig(name: "crm", url: url, secret: Secret("s"), kinds: [.message])])
            configuration.apiKeys = [APIKeyConfig(key: Secret("admin")), APIKeyConfig(key: Secret("agent"), connections: ["wa"])]
            let gateway = try buildApplication(configuration: configuration, transport: CurlTransport(), logger: logger)
            try await gateway.application.test(.live) { client in
                let start = Timestamp(Date())
                for (index, text) in ["first", "second"].enumerated() {
                    let body = GatewayFixture.whatsAppBody(messageID: "wamid.REDELIVER\(index)", text: text)
                    let status = try await client.execute(
                        uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
                    ) { $0.status }
                    #expect(status == .ok)
                }
                try await inbox.waitFor(2)
                let firstRound = inbox.deliveries.compactMap(\.eventID)
                #expect(firstRound.count == 2)

                func redeliver(_ key: String, name: String = "crm", body: String) async throws -> (HTTPResponse.Status, JSONValue) {
                    var headers = HTTPFields()
                    headers[.authorization] = "Bearer \(key)"
                    return try await client.execute(
                        uri: "/v1/subscribers/\(name)/redeliver", method: .post, headers: headers, body: ByteBuffer(string: body)
                    ) { ($0.status, Self.json($0.body)) }
                }
                let since = #"{"since": "\#(Timestamp(milliseconds: start.milliseconds - 1000).rfc3339)"}"#
                #expect(try await redeliver("agent", body: since).0 == .forbidden)
                #expect(try await redeliver("admin", name: "nobody", body: since).0 == .notFound)
                let (badStatus, bad) = try await redeliver("admin", body: #"{"since": "yesterday"}"#)
                #expect(badStatus == .badRequest && bad["code"]?.string == "invalid_since")
                #expect(inbox.deliveries.count == 2)

                let (status, answer) = try await redeliver("admin", body: since)
                #expect(status == .accepted)
                #expect(answer["events"]?.int == 2)
                try await inbox.waitFor(4)
                #expect(inbox.deliveries.compactMap(\.eventID) == firstRound + firstRound)
                #expect(
                    inbox.deliveries.suffix(2).map { (try? JSONParser.parse($0.body))?["content"]?["text"]?.string } == ["first", "second"])

                // The same through the command line.
                try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
                let base = ["--to", "http://127.0.0.1:\(client.port ?? 0)", "--api-key", "admin"]
                let sinceText = Timestamp(milliseconds: start.milliseconds - 1000).rfc3339
                let run = try await QuarantineAPITests.command(["subscribers", "redeliver", "crm", "--since", sinceText] + base)
                #expect(run.status == 0, "\(run.stderr)")
                #expect((try? JSONParser.parse(run.stdout))?["events"]?.int == 2)
                try await inbox.waitFor(6)
                #expect(inbox.deliveries.compactMap(\.eventID) == firstRound + firstRound + firstRound)
                let missing = try await QuarantineAPITests.command(["subscribers", "redeliver", "nobody", "--since", sinceText] + base)
                #expect(missing.status == 1)
                let badTime = try await QuarantineAPITests.command(["subscribers", "redeliver", "crm", "--since", "yesterday"] + base)
                #expect(badTime.status == 64 && badTime.stderr.contains("RFC 3339"))
            }
        }
    }
}
