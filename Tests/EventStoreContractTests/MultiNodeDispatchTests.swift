import AdapterKit
import Foundation
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardPostgres
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport
import TestSupport
import Testing

/// Two gateway processes' send queues on one PostgreSQL schema: two stores, two real ``Dispatcher``s
/// sending through libcurl to the in-process mock provider on loopback.
@Suite(
    "PostgreSQL: two dispatchers on one send queue",
    .enabled(if: StoreBackend.postgresURL != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
struct MultiNodeDispatchTests {
    static let connection = ConnectionConfig(
        name: "wa", provider: .meta, channel: .whatsapp, account: OutboundSamples.account, secrets: ["access_token": "token-abc"])

    static func dispatcher(
        store: any GatewayStore, transport: any HTTPTransport, baseURL: String, pollInterval: Duration
    ) -> Dispatcher {
        var connection = connection
        connection.baseURL = baseURL
        var logger = Logger(label: "test.dispatcher")
        logger.logLevel = .error
        let settings = DispatcherSettings(
            batchSize: 8, concurrency: 8, pollInterval: pollInterval, lease: .seconds(30),
            retryPolicy: RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40)),
            connectionLimits: ["wa": ConnectionRateLimits(connection: RateLimit(10_000, burst: 10_000))])
        let dispatcher = Dispatcher(
            store: store, transport: transport, registry: StandardAdapters.registry, connections: [connection], settings: settings,
            logger: logger)
        store.observeOutboundChanges { dispatcher.wake() }
        return dispatcher
    }

    @Test("every message is sent exactly once, each conversation in queue order, whichever node sends it")
    func exactlyOnceInOrder() async throws {
        let database = try TestDatabase(.postgres)
        let nodes = [try await database.open(), try await database.open()]
        let mock = MockProvider()
        _ = try await mock.start()
        let transport = CurlTransport()
        let baseURL = try #require(mock.baseURL)
        var expected: [String: [String]] = [:]
        var ids: [String] = []
        for index in 0..<80 {
            let contact = "31600000\(index % 8)"
            let text = "n-\(index)"
            let new = OutboundSamples.message("msg_\(index)", to: contact, seconds: Int64(index))
            var message = new
            message.message =
                OutboundMessage(
                    channel: .whatsapp, account: OutboundSamples.account, to: contact, content: MessageContent(type: .text, text: text)
                ).json
            _ = try await nodes[index % 2].enqueueOutbound(message)
            expected[contact, default: []].append(text)
            ids.append(new.id)
        }
        let dispatchers = nodes.map { Self.dispatcher(store: $0, transport: transport, baseURL: baseURL, pollInterval: .milliseconds(50)) }
        let running = dispatchers.map { dispatcher in Task { try await dispatcher.run() } }
        defer { for task in running { task.cancel() } }
        let allIDs = ids
        try await eventually("all 80 messages are sent", timeout: .seconds(60)) {
            for id in allIDs where try await nodes[0].outboundMessage(id: id)?.state != .sent { return false }
            return true
        }
        for task in running { task.cancel() }
        for task in running { _ = await task.result }
        let accepted = mock.recordedRequests().filter { $0.status == 200 }.sorted { $0.sequence < $1.sequence }
        var seen: [String: [String]] = [:]
        for request in accepted {
            seen[request.jsonBody?["to"]?.string ?? "", default: []].append(request.jsonBody?["text"]?["body"]?.string ?? "")
        }
        #expect(accepted.count == 80, "sent \(accepted.count) times for 80 messages")
        #expect(seen == expected)
        for node in nodes { await node.close() }
        await transport.shutdown()
        await mock.shutdown()
        await database.remove()
    }

    @Test("a message queued on node A is sent by node B's dispatcher at once, not at B's 30 s poll (LISTEN/NOTIFY)")
    func notifyWakesOtherNode() async throws {
        let database = try TestDatabase(.postgres)
        let nodeA = try await database.open()
        let nodeB = try await database.open()
        let mock = MockProvider()
        _ = try await mock.start()
        let transport = CurlTransport()
        let dispatcherB = Self.dispatcher(
            store: nodeB, transport: transport, baseURL: try #require(mock.baseURL), pollInterval: .seconds(30))
        let running = Task { try await dispatcherB.run() }
        defer { running.cancel() }
        // Let B's dispatcher finish its first round and fall asleep for its poll interval.
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        _ = try await nodeA.enqueueOutbound(OutboundSamples.message("msg_notify", to: "316000009"))
        try await eventually("node B sent msg_notify", timeout: .seconds(10)) {
            try await nodeA.outboundMessage(id: "msg_notify")?.state == .sent
        }
        let elapsed = ContinuousClock.now - start
        running.cancel()
        _ = await running.result
        #expect(elapsed < .seconds(5), "sent after \(elapsed)")

        // The inbound side: A's append signals B's router.
        await nodeB.changes.wait(timeout: .milliseconds(1))
        let appendStart = ContinuousClock.now
        _ = try await nodeA.append(
            [EventRecord(event: SampleEvents.inboundMessage("NOTIFY1"), connection: "wa", subscribers: ["crm"])],
            receivedAt: Timestamp(seconds: 1))
        await nodeB.changes.wait(timeout: .seconds(10))
        #expect(ContinuousClock.now - appendStart < .seconds(5))
        await nodeA.close()
        await nodeB.close()
        await transport.shutdown()
        await mock.shutdown()
        await database.remove()
    }
}
