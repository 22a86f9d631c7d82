import Foundation
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// The send attempts the dispatcher records before each request leaves (``OutboundAttemptStart``): the fence that
/// stops a send the message's state no longer allows, and, on PostgreSQL, a send whose claim another node took.
struct OutboundAttemptContractTests {
    @Test(
        "an attempt is recorded only while the message is as read; an attempt number started twice is the abandoned one",
        arguments: StoreBackend.available)
    func recordedWhileAsRead(backend: StoreBackend) async throws {
        let database = try TestDatabase(backend)
        defer { Task { await database.remove() } }
        let store = try await database.open()
        _ = try await store.enqueueOutbound(OutboundSamples.message("msg_a", seconds: 1))
        let record = try #require(try await store.dueOutbound(now: Timestamp(seconds: 10), limit: 10).records.first)
        let start = OutboundAttemptStart(messageID: "msg_a", attempt: 1, startedAt: Timestamp(seconds: 10), process: "host/1")
        #expect(try await store.recordAttemptStart(start, expectedState: .queued))
        // The same attempt again (the process that started it died before its outcome): recorded, and abandoned.
        let again = OutboundAttemptStart(messageID: "msg_a", attempt: 1, startedAt: Timestamp(seconds: 20), process: "host/2")
        #expect(try await store.recordAttemptStart(again, expectedState: .queued))
        // Not as read: another state, or a count of attempts the message does not have.
        #expect(!(try await store.recordAttemptStart(again, expectedState: .retryWait)))
        #expect(
            !(try await store.recordAttemptStart(
                .init(messageID: "msg_a", attempt: 3, startedAt: Timestamp(seconds: 20)), expectedState: .queued)))
        #expect(try await store.applyOutbound([OutboundSamples.sent(record, providerID: "wamid.A", seconds: 21)]) == [true])
        // Sent: no further attempt.
        #expect(
            !(try await store.recordAttemptStart(
                .init(messageID: "msg_a", attempt: 2, startedAt: Timestamp(seconds: 22)), expectedState: .queued)))
        let attempts = try await store.outboundAttempts(id: "msg_a")
        #expect(attempts.map(\.process) == ["host/1", "host/2"])
        #expect(OutboundAttemptStart.abandoned(in: attempts).map(\.process) == ["host/1"])
        await store.close()
    }

    @Test(
        "PostgreSQL: a node whose claim ran out and was taken by another node cannot start its attempt",
        .enabled(if: StoreBackend.postgresURL != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
    func claimTakenOver() async throws {
        let database = try TestDatabase(.postgres)
        defer { Task { await database.remove() } }
        let nodeA = try await database.open(claimLeaseMilliseconds: 1000)
        let nodeB = try await database.open(claimLeaseMilliseconds: 1000)
        _ = try await nodeA.enqueueOutbound(OutboundSamples.message("msg_b", seconds: 1))
        // A claims at t=10 s (lease to 11 s) and waits (its rate limiter); B claims once the lease ran out.
        #expect(try await nodeA.dueOutbound(now: Timestamp(seconds: 10), limit: 10).records.map(\.id) == ["msg_b"])
        #expect(try await nodeB.dueOutbound(now: Timestamp(seconds: 10), limit: 10).records.isEmpty)
        #expect(try await nodeB.dueOutbound(now: Timestamp(seconds: 12), limit: 10).records.map(\.id) == ["msg_b"])
        let late = OutboundAttemptStart(messageID: "msg_b", attempt: 1, startedAt: Timestamp(seconds: 12), process: "a/1")
        #expect(!(try await nodeA.recordAttemptStart(late, expectedState: .queued)), "A's claim is B's now: A must not send")
        let owner = OutboundAttemptStart(messageID: "msg_b", attempt: 1, startedAt: Timestamp(seconds: 12), process: "b/1")
        #expect(try await nodeB.recordAttemptStart(owner, expectedState: .queued))
        // B's attempt renewed its claim for a full lease from its start: A cannot claim it at 12.5 s.
        #expect(try await nodeA.dueOutbound(now: Timestamp(milliseconds: 12_500), limit: 10).records.isEmpty)
        #expect(try await nodeA.outboundAttempts(id: "msg_b").map(\.process) == ["b/1"])
        await nodeA.close()
        await nodeB.close()
    }
}
