import Foundation
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

@Suite("Dispatcher: durable queue to provider")
struct DispatcherTests {
    @Test("a queued message is claimed, encoded, sent and recorded as sent with the provider id")
    func happyPath() async throws {
        let harness = try DispatchHarness()
        let provider = FakeGraphProvider()
        let id = try await harness.enqueue("hello")
        let finished = try await harness.run(harness.dispatcher(provider)) {
            try await harness.store.outboundMessage(id: id)?.state == .sent
        }
        #expect(finished)
        let received = await provider.received
        #expect(received.count == 1)
        #expect(
            received.first?.url == "http://127.0.0.1:9/v23.0/106540352242922/messages"
                || received.first?.url.hasSuffix("/106540352242922/messages") == true)
        #expect(received.first?.text == "hello")
        let record = try #require(try await harness.store.outboundMessage(id: id))
        #expect(record.providerMessageID == received.first?.providerMessageID)
        #expect(record.deliveryStatus == .sent)
        let history = try await harness.store.outboundHistory(id: id).map(\.status)
        #expect(history == ["queued", "sent"])
    }

    @Test("a provider failing 30% of requests: every message is sent exactly once after retries, none lost")
    func flakyProvider() async throws {
        let harness = try DispatchHarness()
        let provider = FakeGraphProvider(failureRate: 0.3, seed: 7)
        var ids: [String] = []
        for index in 0..<120 { ids.append(try await harness.enqueue("m-\(index)", to: "1650555\(index % 12)")) }
        let allIDs = ids
        let finished = try await harness.run(harness.dispatcher(provider), timeout: .seconds(60)) {
            try await harness.states(allIDs).values.allSatisfy { $0 == .sent }
        }
        #expect(finished)
        let accepted = await provider.accepted
        let failures = await provider.received.count - accepted.count
        #expect(failures > 10, "the fault injection must actually fail requests")
        let perText = Dictionary(grouping: accepted, by: { $0.text ?? "" }).mapValues(\.count)
        #expect(perText.count == 120)
        #expect(perText.values.allSatisfy { $0 == 1 })
        for id in ids {
            let record = try #require(try await harness.store.outboundMessage(id: id))
            #expect(record.providerMessageID != nil)
        }
    }

    @Test("messages of one conversation are sent in the order they were queued, even with retries")
    func orderPerConversation() async throws {
        let harness = try DispatchHarness()
        let provider = FakeGraphProvider(failureRate: 0.4, seed: 3)
        var ids: [String] = []
        for index in 0..<15 { ids.append(try await harness.enqueue("o-\(index)")) }
        let allIDs = ids
        let finished = try await harness.run(harness.dispatcher(provider), timeout: .seconds(60)) {
            try await harness.states(allIDs).values.allSatisfy { $0 == .sent }
        }
        #expect(finished)
        let order = await provider.accepted.compactMap(\.text)
        #expect(order == (0..<15).map { "o-\($0)" })
    }

    @Test("the connection's rate limit is honored: measured spacing and per-second counts at the provider")
    func rateLimitSpacing() async throws {
        let harness = try DispatchHarness()
        let provider = FakeGraphProvider()
        var ids: [String] = []
        for index in 0..<30 { ids.append(try await harness.enqueue("r-\(index)", to: "1700000\(index)")) }
        let settings = DispatchHarness.settings(rate: RateLimit(20, burst: 1))
        let allIDs = ids
        let finished = try await harness.run(harness.dispatcher(provider, settings: settings)) {
            try await harness.states(allIDs).values.allSatisfy { $0 == .sent }
        }
        #expect(finished)
        let times = await provider.received.map(\.at)
        #expect(times.count == 30)
        let gaps = zip(times.dropFirst(), times).map { $0.0 - $0.1 }
        // 20/s → 50 ms between tokens. Each send starts at least an interval after the previous one started (a
        // late wakeup delays the next send, never shortens a gap); the arrival is taken as the transport is
        // called, so only a preemption between the two can shave a gap.
        #expect(gaps.allSatisfy { $0 >= .milliseconds(40) }, "gaps: \(gaps)")
        // As providers count: never more than rate + burst in any one-second window.
        for (index, start) in times.enumerated() {
            let inWindow = times[index...].prefix { $0 < start + .seconds(1) }.count
            #expect(inWindow <= 21, "\(inWindow) sends within one second")
        }
        #expect(times.last! - times.first! >= .milliseconds(29 * 50 - 5))
    }

    @Test("a restart resumes the queue: queued messages and messages left sending are sent by the next process")
    func restartResumes() async throws {
        var harness = try DispatchHarness()
        let queued = try await harness.enqueue("left-queued", to: "1")
        let abandoned = try await harness.enqueue("left-sending", to: "2")
        // A previous process claimed `abandoned` and died before reporting.
        let record = try #require(try await harness.store.outboundMessage(id: abandoned))
        var machine = record.machine(retryPolicy: RetryPolicy(), lease: .seconds(3600))
        let now = WallClock().now
        let action = machine.handle(.claimed(at: now))
        let claim = try #require(record.transition(after: machine, action: action, at: now.timestamp))
        #expect(try await harness.store.applyOutbound([claim]) == [true])
        let restarted = try await harness.reopened()
        harness = restarted
        let provider = FakeGraphProvider()
        let finished = try await restarted.run(restarted.dispatcher(provider)) {
            try await restarted.states([queued, abandoned]).values.allSatisfy { $0 == .sent }
        }
        #expect(finished)
        #expect(Set(await provider.received.compactMap(\.text)) == ["left-queued", "left-sending"])
        let history = try await harness.store.outboundHistory(id: abandoned).map(\.status)
        #expect(history == ["queued", "retrying", "sent"])
    }
}
