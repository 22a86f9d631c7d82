import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardQueue
import TestSupport
import Testing

@testable import SwitchboardStore

/// The dispatcher against the real mock provider (through libcurl) answering what no sane provider does, and
/// against a store that refuses a transition: each message ends retried after a clamped delay, `dead` or
/// `failed` with the reason, and the dispatcher keeps running (each test finishing is the proof).
@Suite("Dispatcher survives absurd provider answers")
struct DispatcherAbsurdAnswerTests {
    /// `Retry-After` texts (and Telegram `retry_after` values) the mock answers with.
    static let texts = ["1e20", "-1e300", "999999999999999999999", "nan", "-5", "Fri, 31 Dec 9999 23:59:59 GMT"]

    /// Every send is answered 429 with `text` as the wait: the message is retried after a clamped delay (the
    /// retry policy's 40 ms at most), dead-lettered after its 3 attempts with the reason, and a message queued
    /// afterwards still goes out once the mock recovers.
    func survives(text: String, telegram: Bool) async throws {
        let mock = MockProvider(configuration: .init(faults: MockFaultPlan(rateLimitRate: 1, retryAfterText: text)))
        _ = try await mock.start()
        let transport = CurlTransport()
        let harness = try DispatchHarness(baseURL: try #require(mock.baseURL), telegram: telegram)
        let doomed = try await harness.enqueue("absurd \(text)", to: "3180000")
        let dispatcher = harness.dispatcher(transport, settings: DispatchHarness.settings(maxAttempts: 3))
        let task = Task { try await dispatcher.run() }
        defer { task.cancel() }
        try await eventually("message \(doomed) is dead (Retry-After \(text))", timeout: .seconds(20)) {
            try await harness.store.outboundMessage(id: doomed)?.state == .dead
        }
        let record = try #require(try await harness.store.outboundMessage(id: doomed))
        #expect(record.state == .dead, "Retry-After \(text)")
        #expect(record.attempts == 3)
        #expect(record.deadReason?.hasPrefix("gave up after 3 attempts: ") == true, "\(record.deadReason ?? "no reason")")
        #expect(record.lastFailure?.category == .rateLimited)
        let history = try await harness.store.outboundHistory(id: doomed).map(\.status)
        #expect(history == ["queued", "retrying", "retrying", "dead"])
        let answered = mock.recordedRequests()
        #expect(answered.count == 3 && answered.allSatisfy { $0.status == 429 })

        // The same dispatcher, still running, sends the next message once the provider behaves.
        mock.setFaults(.none)
        let next = try await harness.enqueue("after \(text)", to: "3180001")
        try await eventually("message \(next) is sent once the provider behaves", timeout: .seconds(20)) {
            try await harness.store.outboundMessage(id: next)?.state == .sent
        }
        #expect(try await harness.store.outboundMessage(id: next)?.state == .sent)
        task.cancel()
        _ = await task.result
        await transport.shutdown()
        await mock.shutdown()
    }

    @Test("WhatsApp: a 429 with an absurd Retry-After header is retried after a clamped delay, then dead-lettered", arguments: texts)
    func whatsAppRetryAfter(text: String) async throws {
        try await survives(text: text, telegram: false)
    }

    @Test("Telegram: an absurd parameters.retry_after is retried after a clamped delay, then dead-lettered", arguments: texts)
    func telegramRetryAfter(text: String) async throws {
        try await survives(text: text, telegram: true)
    }

    @Test("the store refuses to record a retry: the message ends dead with the store's reason, not re-sent forever")
    func storeRefusesTheTransition() async throws {
        let mock = MockProvider(configuration: .init(faults: try MockFaultPlan(spec: "5xx=1")))
        _ = try await mock.start()
        let transport = CurlTransport()
        let harness = try DispatchHarness(baseURL: try #require(mock.baseURL))
        try await harness.store.writer.perform { connection throws(StoreError) in
            try connection.execute(
                "CREATE TRIGGER refuse_retry BEFORE UPDATE OF state ON outbound_messages WHEN NEW.state = 'retry_wait' "
                    + "BEGIN SELECT RAISE(ABORT, 'this store refuses retry_wait'); END")
        }
        let id = try await harness.enqueue("refused")
        var settings = DispatchHarness.settings()
        settings.persistAttempts = 2
        let finished = try await harness.run(harness.dispatcher(transport, settings: settings)) {
            try await harness.store.outboundMessage(id: id)?.state == .dead
        }
        #expect(finished)
        let record = try #require(try await harness.store.outboundMessage(id: id))
        #expect(record.state == .dead)
        let reason = try #require(record.deadReason)
        #expect(reason.contains("this store refuses retry_wait"), "\(reason)")
        #expect(reason.contains("retry"), "\(reason)")
        #expect(record.lastFailure?.category == .temporary)
        #expect(try await harness.store.outboundHistory(id: id).map(\.status) == ["queued", "dead"])
        // Sent once: the refused outcome did not put the message back in the queue.
        #expect(mock.recordedRequests().count == 1)
        await transport.shutdown()
        await mock.shutdown()
    }
}
