import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// The send queue's behaviour every ``GatewayStore`` must have: each test runs against SQLite and, when a
/// test server is configured, PostgreSQL.
@Suite("GatewayStore outbound contract")
struct OutboundContractTests {
    @Test(
        "enqueue is idempotent per API key: same key and body → the first message; another body → flagged",
        arguments: StoreBackend.available)
    func idempotency(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = OutboundSamples.message("msg_1", idempotencyKey: "k1", hash: "body-1")
            guard case .created(let created) = try await store.enqueueOutbound(first) else {
                Issue.record("the first enqueue must create")
                return
            }
            #expect(created.id == "msg_1" && created.state == .queued && created.conversation == OutboundSamples.conversation("100"))
            guard
                case .existing(let same, let sameRequest) = try await store.enqueueOutbound(
                    OutboundSamples.message("msg_2", idempotencyKey: "k1", hash: "body-1"))
            else {
                Issue.record("a reused key must return the existing message")
                return
            }
            #expect(same.id == "msg_1" && sameRequest)
            guard
                case .existing(let other, let otherRequest) = try await store.enqueueOutbound(
                    OutboundSamples.message("msg_3", idempotencyKey: "k1", hash: "body-2"))
            else {
                Issue.record("a reused key with another body must return the existing message")
                return
            }
            #expect(other.id == "msg_1" && !otherRequest)
            // Another API key may use the same idempotency key; no key at all never conflicts.
            guard case .created = try await store.enqueueOutbound(OutboundSamples.message("msg_4", apiKey: "key-b", idempotencyKey: "k1"))
            else {
                Issue.record("another API key's idempotency key is its own")
                return
            }
            _ = try await store.enqueueOutbound(OutboundSamples.message("msg_5"))
            _ = try await store.enqueueOutbound(OutboundSamples.message("msg_6"))
            #expect(try await store.outboundMessage(id: "msg_2") == nil)
            let (found, hash) = try #require(try await store.outboundMessage(apiKeyID: "key-a", idempotencyKey: "k1"))
            #expect(found.id == "msg_1" && hash == "body-1")
            #expect(found.decision == ["allowed": true])
            #expect(try await store.outboundMessage(apiKeyID: "key-a", idempotencyKey: "nope") == nil)
            #expect(try await store.outboundHistory(id: "msg_1").map(\.status) == ["queued"])
            #expect(try await store.outboundQueueDepth() == [.queued: 4, .sending: 0, .retryWait: 0, .dead: 0])
        }
    }

    @Test(
        "due messages: the head of each conversation only, oldest first; excluded heads hold their conversation",
        arguments: StoreBackend.available)
    func dueOrder(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.enqueueOutbound(OutboundSamples.message("a1", to: "1", seconds: 10))
            _ = try await store.enqueueOutbound(OutboundSamples.message("b1", to: "2", seconds: 11))
            _ = try await store.enqueueOutbound(OutboundSamples.message("a2", to: "1", seconds: 12))
            _ = try await store.enqueueOutbound(OutboundSamples.message("c1", to: "3", seconds: 500))
            let now = Timestamp(seconds: 100)
            let due = try await store.dueOutbound(now: now, limit: 10, excluding: [])
            #expect(due.records.map(\.id) == ["a1", "b1"])
            #expect(due.nextDueAt?.milliseconds == 500_000)
            #expect(due.records.first?.message["content"]?["text"]?.string == "a1")
            // a1 in flight: its conversation waits, b1 comes.
            #expect(try await store.dueOutbound(now: now, limit: 10, excluding: ["a1"]).records.map(\.id) == ["b1"])
            #expect(try await store.dueOutbound(now: now, limit: 1, excluding: []).records.map(\.id) == ["a1"])
            let a1 = try #require(due.records.first)
            #expect(try await store.applyOutbound([OutboundSamples.sent(a1, providerID: "wamid.A1", seconds: 101)]) == [true])
            #expect(try await store.dueOutbound(now: now, limit: 10, excluding: []).records.map(\.id) == ["b1", "a2"])
            // A failed attempt waits for its retry time, and still holds its conversation.
            let b1 = try #require(due.records.last)
            #expect(try await store.applyOutbound([OutboundSamples.retry(b1, seconds: 102, retrySeconds: 300)]) == [true])
            let later = try await store.dueOutbound(now: Timestamp(seconds: 103), limit: 10, excluding: [])
            #expect(later.records.map(\.id) == ["a2"])
            #expect(later.nextDueAt?.milliseconds == 300_000)
            let retried = try await store.dueOutbound(now: Timestamp(seconds: 301), limit: 10, excluding: ["a2"])
            #expect(retried.records.map(\.id) == ["b1"])
            #expect(retried.records.first?.state == .retryWait && retried.records.first?.attempts == 1)
            #expect(retried.records.first?.lastFailure?.providerCode == "503")
            #expect(try await store.outboundQueueDepth() == [.queued: 2, .sending: 0, .retryWait: 1, .dead: 0])
            #expect(try await store.outbound(inState: .retryWait, limit: 10).map(\.id) == ["b1"])
        }
    }

    @Test(
        "transitions are compare-and-set: the second writer of the same step loses; history records each step",
        arguments: StoreBackend.available)
    func compareAndSet(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            guard case .created(let record) = try await store.enqueueOutbound(OutboundSamples.message("m1")) else { return }
            let dead = OutboundSamples.dead(record, seconds: 2000)
            #expect(
                try await store.applyOutbound([dead, OutboundSamples.sent(record, providerID: "wamid.X", seconds: 2001)]) == [true, false])
            let stored = try #require(try await store.outboundMessage(id: "m1"))
            #expect(stored.state == .dead && stored.attempts == 1 && stored.deadReason == "bad parameter")
            #expect(stored.providerMessageID == nil)
            #expect(stored.lastFailure?.providerCode == "131009")
            #expect(try await store.outboundQueueDepth()[.dead] == 1)
            // Redrive: back to queued, the dead letter closed, due again.
            let redrive = OutboundTransition(
                id: "m1", expectedState: .dead, expectedAttempts: 1, state: .queued, attempts: 1, nextAttemptAt: Timestamp(seconds: 2100),
                resetDeliveryStatus: true, history: OutboundHistoryEntry(status: "queued", at: Timestamp(seconds: 2100), detail: "redriven")
            )
            #expect(try await store.applyOutbound([redrive]) == [true])
            #expect(try await store.applyOutbound([redrive]) == [false])
            #expect(try await store.outboundQueueDepth() == [.queued: 1, .sending: 0, .retryWait: 0, .dead: 0])
            let due = try await store.dueOutbound(now: Timestamp(seconds: 2200), limit: 5, excluding: [])
            #expect(due.records.map(\.id) == ["m1"])
            let history = try await store.outboundHistory(id: "m1")
            #expect(history.map(\.status) == ["queued", "dead", "queued"])
            #expect(history.last?.detail == "redriven")
            #expect(history[1].at.milliseconds == 2_000_000)
        }
    }

    @Test("provider statuses only move forward, whatever order the webhooks arrive in", arguments: StoreBackend.available)
    func statusProgression(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            guard case .created(let record) = try await store.enqueueOutbound(OutboundSamples.message("m1")) else { return }
            #expect(try await store.applyOutbound([OutboundSamples.sent(record, providerID: "wamid.P1", seconds: 10)]) == [true])
            for (status, seconds) in [(DeliveryStatus.read, Int64(13)), (.delivered, 12), (.sent, 11), (.failed, 14)] {
                _ = try await store.append(
                    [EventRecord(event: OutboundSamples.status(status, providerID: "wamid.P1", seconds: seconds), connection: "wa")],
                    receivedAt: Timestamp(seconds: seconds))
            }
            let stored = try #require(try await store.outboundMessage(id: "m1"))
            #expect(stored.deliveryStatus == .read)
            #expect(stored.state == .sent && stored.providerMessageID == "wamid.P1")
            let history = try await store.outboundHistory(id: "m1")
            #expect(history.map(\.status) == ["queued", "sent", "read"])
            #expect(history.last?.detail == "webhook" && history.last?.at.milliseconds == 13_000)
            // The provider's own `sent` for a message the dispatcher already recorded as sent: no second entry.
            guard case .created(let second) = try await store.enqueueOutbound(OutboundSamples.message("m2", to: "200")) else { return }
            _ = try await store.applyOutbound([OutboundSamples.sent(second, providerID: "wamid.P2", seconds: 30)])
            let echo = OutboundSamples.status(.sent, providerID: "wamid.P2", seconds: 31)
            _ = try await store.append([EventRecord(event: echo, connection: "wa")], receivedAt: Timestamp(seconds: 31))
            #expect(try await store.outboundHistory(id: "m2").map(\.status) == ["queued", "sent"])
            // A status for a message nobody sent is stored as an event and changes nothing else.
            let stray = OutboundSamples.status(.delivered, providerID: "wamid.UNKNOWN", seconds: 20)
            #expect(
                try await store.append([EventRecord(event: stray, connection: "wa")], receivedAt: Timestamp(seconds: 20)).inserted == [
                    stray.id
                ])
        }
    }

    @Test("a failure webhook after sent is recorded with its error; a later delivered still wins", arguments: StoreBackend.available)
    func failureThenDelivered(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            guard case .created(let record) = try await store.enqueueOutbound(OutboundSamples.message("m1")) else { return }
            _ = try await store.applyOutbound([OutboundSamples.sent(record, providerID: "wamid.F", seconds: 10)])
            let failed = OutboundSamples.status(.failed, providerID: "wamid.F", seconds: 11, errorCode: "131047")
            _ = try await store.append([EventRecord(event: failed, connection: "wa")], receivedAt: Timestamp(seconds: 11))
            #expect(try await store.outboundMessage(id: "m1")?.deliveryStatus == .failed)
            let delivered = OutboundSamples.status(.delivered, providerID: "wamid.F", seconds: 12)
            _ = try await store.append([EventRecord(event: delivered, connection: "wa")], receivedAt: Timestamp(seconds: 12))
            #expect(try await store.outboundMessage(id: "m1")?.deliveryStatus == .delivered)
            let history = try await store.outboundHistory(id: "m1")
            #expect(history.map(\.status) == ["queued", "sent", "failed", "delivered"])
            #expect(history[2].errorCode == "131047" && history[2].message == "error 131047")
        }
    }

    @Test("statuses stored before the send learned its provider id are applied when it does", arguments: StoreBackend.available)
    func statusBeforeSend(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            guard case .created(let record) = try await store.enqueueOutbound(OutboundSamples.message("m1")) else { return }
            for (status, seconds) in [(DeliveryStatus.delivered, Int64(21)), (.sent, 20)] {
                _ = try await store.append(
                    [EventRecord(event: OutboundSamples.status(status, providerID: "wamid.FAST", seconds: seconds), connection: "wa")],
                    receivedAt: Timestamp(seconds: seconds))
            }
            #expect(try await store.outboundMessage(id: "m1")?.deliveryStatus == .queued)
            _ = try await store.applyOutbound([OutboundSamples.sent(record, providerID: "wamid.FAST", seconds: 22)])
            let stored = try #require(try await store.outboundMessage(id: "m1"))
            #expect(stored.deliveryStatus == .delivered)
            let history = try await store.outboundHistory(id: "m1")
            #expect(history.map(\.status) == ["queued", "sent", "delivered"])
            #expect(history.last?.at.milliseconds == 21_000 && history.last?.providerMessageID == "wamid.FAST")
        }
    }

    @Test(
        "account facts: the account's contacts (events and messages) and those reached business-initiated since the cut-off",
        arguments: StoreBackend.available)
    func accountFacts(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let inbound = SampleEvents.inboundMessage("IN1", contact: "100")
            _ = try await store.append([EventRecord(event: inbound, connection: "wa")], receivedAt: Timestamp(seconds: 1))
            _ = try await store.enqueueOutbound(OutboundSamples.message("m1", to: "200", businessInitiated: true, seconds: 1000))
            _ = try await store.enqueueOutbound(OutboundSamples.message("m2", to: "300", businessInitiated: true, seconds: 10))
            _ = try await store.enqueueOutbound(OutboundSamples.message("m3", to: "400", businessInitiated: false, seconds: 1000))
            guard
                case .created(let failed) = try await store.enqueueOutbound(
                    OutboundSamples.message("m4", to: "500", businessInitiated: true, seconds: 1000))
            else { return }
            _ = try await store.applyOutbound([OutboundSamples.dead(failed, seconds: 1001)])
            // Another account, and one whose id extends this one's: never counted.
            _ = try await store.enqueueOutbound(OutboundSamples.message("x1", to: "200", account: "999", businessInitiated: true))
            _ = try await store.enqueueOutbound(
                OutboundSamples.message("x2", to: "200", account: OutboundSamples.account + "0", businessInitiated: true))
            let facts = try await store.outboundAccountFacts(
                conversation: OutboundSamples.conversation("200"), since: Timestamp(seconds: 500))
            #expect(
                facts
                    == OutboundAccountFacts(
                        knownContacts: 5, contactIsKnown: true, uniqueBusinessInitiatedContacts: 1, contactReached: true))
            let stranger = try await store.outboundAccountFacts(
                conversation: OutboundSamples.conversation("777"), since: Timestamp(seconds: 0))
            #expect(
                stranger
                    == OutboundAccountFacts(
                        knownContacts: 5, contactIsKnown: false, uniqueBusinessInitiatedContacts: 2, contactReached: false))
            let known = try await store.outboundAccountFacts(
                conversation: OutboundSamples.conversation("100"), since: Timestamp(seconds: 0))
            #expect(known.contactIsKnown && !known.contactReached)
        }
    }
}
