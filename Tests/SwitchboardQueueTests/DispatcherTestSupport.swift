import AdapterKit
import Foundation
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport
import TestSupport

/// A real SQLite store in a fresh temporary folder, a WhatsApp connection (or a Telegram one) pointed at a
/// fake or mock provider, and helpers to queue messages and run a dispatcher while a test waits for an outcome.
struct DispatchHarness {
    let folder: String
    let store: SQLiteEventStore
    let connection: ConnectionConfig

    init(folder: String? = nil, baseURL: String = "http://127.0.0.1:9", telegram: Bool = false) throws {
        connection =
            telegram
            ? ConnectionConfig(
                name: "tg", provider: .telegram, channel: .telegram, account: "SupportBot", secrets: ["bot_token": "123:abc"],
                baseURL: baseURL)
            : ConnectionConfig(
                name: "wa", provider: .meta, channel: .whatsapp, account: "106540352242922", secrets: ["access_token": "token-abc"],
                baseURL: baseURL)
        let folder = folder ?? NSTemporaryDirectory() + "dispatch-\(UUID().uuidString)"
        self.folder = folder
        store = try SQLiteEventStore(path: folder + "/switchboard.db")
    }

    /// Reopens the same database file (a restart).
    func reopened() async throws -> DispatchHarness {
        await store.close()
        return try DispatchHarness(
            folder: folder, baseURL: connection.baseURL ?? "http://127.0.0.1:9", telegram: connection.provider == .telegram)
    }

    static func settings(rate: RateLimit = RateLimit(10_000, burst: 10_000), maxAttempts: Int = 60) -> DispatcherSettings {
        DispatcherSettings(
            batchSize: 32, concurrency: 16, pollInterval: .milliseconds(50), lease: .seconds(5),
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40)),
            connectionLimits: ["wa": ConnectionRateLimits(connection: rate), "tg": ConnectionRateLimits(connection: rate)])
    }

    func dispatcher(_ transport: any HTTPTransport, settings: DispatcherSettings = DispatchHarness.settings()) -> Dispatcher {
        var logger = Logger(label: "test.dispatcher")
        logger.logLevel = .error
        return Dispatcher(
            store: store, transport: transport, registry: StandardAdapters.registry, connections: [connection], settings: settings,
            logger: logger)
    }

    /// Queues a text message `text` to `contact`; returns its id.
    @discardableResult
    func enqueue(_ text: String, to contact: String = "16505551234", key: String? = nil) async throws -> String {
        let message = OutboundMessage(
            channel: connection.channel ?? .whatsapp, account: connection.account, to: contact,
            content: MessageContent(type: .text, text: text))
        let id = "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(24)
        let new = NewOutboundMessage(
            id: id, connection: connection.name, conversation: message.conversation, recipient: contact, apiKeyID: "k", idempotencyKey: key,
            requestHash: text, businessInitiated: false, message: message.json, decision: .null, createdAt: Timestamp(Date()))
        _ = try await store.enqueueOutbound(new)
        return id
    }

    /// Runs `dispatcher` until `done` holds (or the timeout passes), then cancels it.
    func run(_ dispatcher: Dispatcher, timeout: Duration = .seconds(20), until done: @escaping @Sendable () async throws -> Bool)
        async throws -> Bool
    {
        let task = Task { try await dispatcher.run() }
        defer { task.cancel() }
        do {
            try await eventually("the dispatcher finished its work", timeout: timeout, done)
        } catch is EventuallyTimedOut {
            return false
        }
        task.cancel()
        _ = await task.result
        return true
    }

    /// Every message's state, by id.
    func states(_ ids: [String]) async throws -> [String: OutboundQueueState] {
        var states: [String: OutboundQueueState] = [:]
        for id in ids { states[id] = try await store.outboundMessage(id: id)?.state }
        return states
    }
}
