import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardServer
import TestSupport
import Testing

/// A webhook that decodes to more events than `limits.max_events_per_request` is refused like an undecodable one:
/// answered 413 with the reason, and kept in the quarantine, so raising the limit and reprocessing ingests it.
@Suite("Quarantine: webhooks over the events limit")
struct QuarantineEventsLimitTests {
    let logger = Logger(label: "test")

    /// A WhatsApp webhook with two messages.
    static let twoMessages = GatewayFixture.whatsAppBody(messageIDs: ["wamid.LIMIT1", "wamid.LIMIT2"])

    static func reprocess(_ id: Int, _ client: any TestClientProtocol) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(uri: "/v1/quarantine/\(id)/reprocess", method: .post, headers: QuarantineAPITests.headers()) {
            ($0.status, QuarantineAPITests.json($0.body))
        }
    }

    @Test("413 with the reason and the request kept; reprocessing is refused while the limit holds and stores both events once raised")
    func keptThenReprocessed() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = QuarantineAPITests.configuration(directory: directory)
        configuration.limits.maxEventsPerRequest = 1

        let strict = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let strictStore = strict.store
        let id = try await strict.application.test(.live) { client in
            let body = Self.twoMessages
            let answer = try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
            ) { ($0.status, String(buffer: $0.body).trimmingCharacters(in: .newlines)) }
            #expect(answer.0 == .contentTooLarge)
            #expect(answer.1.hasPrefix("too_many_events: 2 events in one request, more than 1"))

            let list = try await client.execute(uri: "/v1/quarantine", method: .get, headers: QuarantineAPITests.headers()) {
                QuarantineAPITests.json($0.body)
            }
            let item = try #require(list["items"]?.array?.first)
            #expect(item["reason"]?.string == answer.1)
            #expect(item["body_bytes"]?.int == body.count)
            let id = try #require(item["id"]?.int)

            let refused = try await Self.reprocess(id, client)
            #expect(refused.0 == .unprocessableContent)
            #expect(refused.1["code"]?.string == "still_malformed")
            #expect(refused.1["message"]?.string?.contains("too_many_events") == true)
            #expect(try await strictStore.eventCount() == 0)
            return id
        }
        await strict.store.close()

        // The operator raises the limit; the same database, the same request.
        configuration.limits.maxEventsPerRequest = 1000
        let raised = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let raisedStore = raised.store
        try await raised.application.test(.live) { client in
            let stored = try await Self.reprocess(id, client)
            #expect(stored.0 == .ok)
            #expect(stored.1["events"]?.array?.count == 2)
            #expect(try await raisedStore.eventCount() == 2)
        }
        await raised.store.close()
    }
}
