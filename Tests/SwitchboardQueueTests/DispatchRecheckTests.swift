import Foundation
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport
import Testing

/// The dispatcher's policy check at dispatch, with a real SQLite store and libcurl to the in-repo mock provider. The
/// recheck here is a closure standing in for the server's policy (the server tests run the real one): what is
/// under test is what the dispatcher does with its answer.
@Suite("Dispatcher: the policy asked again right before each send")
struct DispatchRecheckTests {
    static let windowClosed = DispatchRefusal(
        code: "window_closed", rule: "whatsapp_window", message: "The contact last wrote more than 24 h ago.",
        remedy: "Send an approved template.")

    @Test("a message that waited in retry while the window closed ends refused, unsent: the mock receives nothing")
    func refusedAfterWaitingInRetry() async throws {
        // The provider is unreachable at first (nothing listens on port 9): the message waits in retry.
        let harness = try DispatchHarness()
        let id = try await harness.enqueue("after the window")
        let closesAt = Locked(Timestamp(milliseconds: .max))
        let asked = Locked([Timestamp]())
        let recheck: DispatchRecheck = { _, now in
            asked.withLock { $0.append(now) }
            return now >= closesAt.withLock({ $0 }) ? DispatchRecheckVerdict.windowClosed : .send
        }
        let unreachable = CurlTransport()
        let before = Timestamp(Date())
        let waited = try await harness.run(harness.dispatcher(unreachable, recheck: recheck)) {
            try await harness.store.outboundMessage(id: id).map { $0.state == .retryWait && $0.attempts >= 1 } ?? false
        }
        await unreachable.shutdown()
        #expect(waited)
        let retried = try #require(try await harness.store.outboundMessage(id: id))
        #expect(retried.lastFailure?.category == .temporary)

        // The window closes while it waits; the provider is back (the mock), and a restarted dispatcher takes it.
        closesAt.withLock { $0 = Timestamp(Date()) }
        let mock = MockProvider()
        _ = try await mock.start()
        await harness.store.close()
        let restarted = try DispatchHarness(folder: harness.folder, baseURL: try #require(mock.baseURL))
        let transport = CurlTransport()
        let refused = try await restarted.run(restarted.dispatcher(transport, recheck: recheck)) {
            try await restarted.states([id])[id] == .refused
        }
        #expect(refused)
        #expect(mock.recordedRequests().isEmpty, "the provider must never see a message the policy refused")
        let record = try #require(try await restarted.store.outboundMessage(id: id))
        #expect(record.state == .refused)
        #expect(record.attempts == retried.attempts, "the refusal is not a send attempt")
        #expect(record.deliveryStatus == .failed)
        #expect(record.lastFailure == Self.windowClosed.failure)
        #expect(record.lastFailure?.message == "The contact last wrote more than 24 h ago. — Send an approved template.")
        let history = try await restarted.store.outboundHistory(id: id)
        let last = try #require(history.last)
        #expect(last.status == "refused" && last.errorCode == "window_closed")
        #expect(last.detail?.contains("whatsapp_window") == true)
        #expect(history.filter { $0.status == "refused" }.count == 1)
        // Listed by state, and asked with the dispatch time each time.
        let listed = try await restarted.store.outboundMessages(state: .refused, connections: [], limit: 10, before: nil)
        #expect(listed.map(\.id) == [id])
        let times = asked.withLock { $0 }
        #expect(times.count >= 2 && times.allSatisfy { $0 >= before && $0 <= Timestamp(Date()) })
        // Nothing takes it again: a dispatcher that keeps running sends nothing and asks nothing more.
        let askedBefore = times.count
        _ = try await restarted.run(restarted.dispatcher(transport, recheck: recheck), timeout: .milliseconds(300)) { false }
        #expect(asked.withLock { $0.count } == askedBefore)
        #expect(mock.recordedRequests().isEmpty)
        await transport.shutdown()
        await mock.shutdown()
    }

    @Test("a recheck that cannot read the store retries the message later instead of refusing it; then it is sent once")
    func readFailureRetries() async throws {
        let mock = MockProvider()
        _ = try await mock.start()
        let harness = try DispatchHarness(baseURL: try #require(mock.baseURL))
        let id = try await harness.enqueue("read failure first")
        let calls = Locked(0)
        let recheck: DispatchRecheck = { _, _ in
            calls.withLock { count in
                count += 1
                return count <= 2 ? .retryLater(reason: "database is locked") : .send
            }
        }
        let transport = CurlTransport()
        let sent = try await harness.run(harness.dispatcher(transport, recheck: recheck)) {
            try await harness.states([id])[id] == .sent
        }
        #expect(sent)
        #expect(calls.withLock { $0 } == 3)
        #expect(mock.recordedRequests().count == 1)
        let history = try await harness.store.outboundHistory(id: id)
        let retries = history.filter { $0.status == "retrying" }
        #expect(retries.count == 2)
        #expect(
            retries.allSatisfy { $0.message?.contains("the policy could not be checked again before the send: database is locked") == true }
        )
        #expect(!history.contains { $0.status == "refused" })
        await transport.shutdown()
        await mock.shutdown()
    }

    @Test("the policy is asked before every attempt: as many rechecks as requests at the provider, through 5xx retries")
    func askedBeforeEveryAttempt() async throws {
        let mock = MockProvider(configuration: .init(faults: try MockFaultPlan(spec: "5xx=1")))
        _ = try await mock.start()
        let harness = try DispatchHarness(baseURL: try #require(mock.baseURL))
        let id = try await harness.enqueue("asked each time")
        let calls = Locked(0)
        let recheck: DispatchRecheck = { _, _ in
            // The provider recovers after the third failed request.
            if calls.withLock({ count in
                count += 1
                return count == 4
            }) {
                mock.setFaults(.none)
            }
            return .send
        }
        let transport = CurlTransport()
        let sent = try await harness.run(harness.dispatcher(transport, recheck: recheck)) {
            try await harness.states([id])[id] == .sent
        }
        #expect(sent)
        #expect(mock.recordedRequests().count == 4)
        #expect(calls.withLock { $0 } == mock.recordedRequests().count)
        await transport.shutdown()
        await mock.shutdown()
    }

    @Test("a refused message no longer holds its conversation: the next message to the same contact is sent")
    func refusedFreesTheConversation() async throws {
        let mock = MockProvider()
        _ = try await mock.start()
        let harness = try DispatchHarness(baseURL: try #require(mock.baseURL))
        let first = try await harness.enqueue("refused one")
        let second = try await harness.enqueue("allowed one")
        let recheck: DispatchRecheck = { record, _ in
            record.id == first
                ? .refuse(code: "blocklisted", rule: "blocklist", message: "The contact is blocked.", remedy: nil) : .send
        }
        let transport = CurlTransport()
        let done = try await harness.run(harness.dispatcher(transport, recheck: recheck)) {
            try await harness.states([first, second]) == [first: .refused, second: .sent]
        }
        #expect(done)
        let texts = mock.recordedRequests().compactMap { $0.jsonBody?["text"]?["body"]?.string }
        #expect(texts == ["allowed one"])
        let refused = try #require(try await harness.store.outboundMessage(id: first))
        #expect(
            refused.lastFailure
                == DeliveryFailure(category: .policyRefused, providerCode: "blocklisted", message: "The contact is blocked."))
        await transport.shutdown()
        await mock.shutdown()
    }
}

extension DispatchRecheckVerdict {
    fileprivate static var windowClosed: DispatchRecheckVerdict {
        let refusal = DispatchRecheckTests.windowClosed
        return .refuse(code: refusal.code, rule: refusal.rule, message: refusal.message, remedy: refusal.remedy)
    }
}

extension DispatchHarness {
    /// A dispatcher as ``dispatcher(_:settings:)`` that asks `recheck` before each send.
    func dispatcher(_ transport: any HTTPTransport, recheck: @escaping DispatchRecheck) -> Dispatcher {
        var logger = Logger(label: "test.dispatcher")
        logger.logLevel = .error
        return Dispatcher(
            store: store, transport: transport, registry: StandardAdapters.registry, connections: [connection],
            settings: DispatchHarness.settings(), logger: logger, recheck: recheck)
    }
}
