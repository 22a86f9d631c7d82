import SwitchboardCore
import SwitchboardStore
import TestSupport
import Testing

/// The behaviour every ``GatewayStore`` implementation (events, quarantine, conversations, deliveries) must have: each test runs against SQLite and,
/// when a test server is configured, PostgreSQL.
@Suite("EventStore contract")
struct EventStoreContractTests {
    @Test("a re-delivered event is reported as duplicate, stored once and delivered once", arguments: StoreBackend.available)
    func dedupe(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let event = SampleEvents.inboundMessage("A")
            let record = EventRecord(event: event, connection: "wa", subscribers: ["crm"])
            let first = try await store.append([record], receivedAt: Timestamp(seconds: 1))
            let second = try await store.append([record], receivedAt: Timestamp(seconds: 2))
            #expect(first == AppendResult(inserted: [event.id]))
            #expect(second == AppendResult(duplicates: [event.id]))
            // The same id twice in one call: stored once as well.
            let other = SampleEvents.inboundMessage("B")
            let twice = EventRecord(event: other, connection: "wa", subscribers: ["crm"])
            #expect(
                try await store.append([twice, twice], receivedAt: Timestamp(seconds: 3))
                    == AppendResult(inserted: [other.id], duplicates: [other.id]))
            #expect(try await store.eventCount() == 2)
            let stored = try #require(try await store.event(id: event.id))
            #expect(stored.json == event.jsonLine)
            #expect(stored.connection == "wa")
            #expect(stored.receivedAt.milliseconds == 1000)
            #expect(try await store.event(id: "no-such-event") == nil)
            let due = try await store.dueDeliveries(now: Timestamp(seconds: 10), limit: 10)
            #expect(due.map(\.eventID) == [event.id])
            #expect(due.first?.subscriber == "crm")
            #expect(due.first?.json == event.jsonLine)
            #expect(
                try await store.deliveryBacklog(now: Timestamp(seconds: 10)) == DeliveryBacklog(pending: 2, oldestAgeMilliseconds: 9000))
        }
    }

    @Test("conversation state follows the stored events; a duplicate is not applied twice", arguments: StoreBackend.available)
    func conversationState(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.conversation("whatsapp:1:2") == nil)
            let echo = SampleEvents.echoWithImage("echo-1", bytes: 1000, seconds: 100)
            _ = try await store.append([EventRecord(event: echo, connection: "wa")], receivedAt: Timestamp(seconds: 100))
            _ = try await store.append([EventRecord(event: echo, connection: "wa")], receivedAt: Timestamp(seconds: 101))
            _ = try await store.append(
                [
                    EventRecord(event: SampleEvents.consentEvent("opt_in", key: "in", seconds: 200), connection: "wa"),
                    EventRecord(event: SampleEvents.consentEvent("opt_out", key: "out", seconds: 300), connection: "wa"),
                    EventRecord(event: SampleEvents.inboundMessage("M", contact: "2", seconds: 250), connection: "wa"),
                ], receivedAt: Timestamp(seconds: 301))
            let state = try #require(try await store.conversation("whatsapp:1:2"))
            #expect(state.channel == .whatsapp)
            #expect(state.account == "1")
            #expect(state.contact == "2")
            #expect(state.attachmentBytesByMonth == ["1970-01": 1000])
            #expect(state.lastOutboundAt == Timestamp(seconds: 100))
            #expect(state.consentAt == Timestamp(seconds: 200))
            #expect(state.optedOut)
            #expect(state.optedOutAt == Timestamp(seconds: 300))
            // inboundMessage uses account 106540352242922: its own conversation.
            let inbound = try #require(try await store.conversation("whatsapp:106540352242922:2"))
            #expect(inbound.lastInboundAt == Timestamp(seconds: 250))
            #expect(inbound.optedOut == false)
        }
    }

    @Test(
        "deliveries go out in order per conversation: a failed one blocks its conversation until retried", arguments: StoreBackend.available
    )
    func deliveryOrder(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = SampleEvents.inboundMessage("O1"), second = SampleEvents.inboundMessage("O2"),
                other = SampleEvents.inboundMessage("O3", contact: "999")
            _ = try await store.append(
                [first, second, other].map { EventRecord(event: $0, connection: "wa", subscribers: ["crm"]) },
                receivedAt: Timestamp(seconds: 1))
            let now = Timestamp(seconds: 2)
            let due = try await store.dueDeliveries(now: now, limit: 10)
            #expect(due.map(\.eventID) == [first.id, other.id])
            #expect(due.map(\.attempts) == [0, 0])
            // The first fails: its conversation waits for the retry, the other conversation does not.
            try await store.complete([
                DeliveryResult(deliveryID: due[0].id, outcome: .retry(nextAttemptAt: Timestamp(seconds: 60), error: "HTTP 500"), at: now),
                DeliveryResult(deliveryID: due[1].id, outcome: .delivered, at: now),
            ])
            #expect(try await store.dueDeliveries(now: now, limit: 10).isEmpty)
            #expect(try await store.deliveryBacklog(now: now).pending == 2)
            let retry = try await store.dueDeliveries(now: Timestamp(seconds: 61), limit: 10)
            #expect(retry.map(\.eventID) == [first.id])
            #expect(retry.first?.attempts == 1)
            try await store.complete([DeliveryResult(deliveryID: retry[0].id, outcome: .delivered, at: Timestamp(seconds: 61))])
            let last = try await store.dueDeliveries(now: Timestamp(seconds: 61), limit: 10)
            #expect(last.map(\.eventID) == [second.id])
            try await store.complete([DeliveryResult(deliveryID: last[0].id, outcome: .delivered, at: Timestamp(seconds: 62))])
            #expect(try await store.deliveryBacklog(now: Timestamp(seconds: 62)) == DeliveryBacklog(pending: 0, oldestAgeMilliseconds: 0))
        }
    }

    @Test("each subscriber gets its own delivery, in its own order", arguments: StoreBackend.available)
    func subscribers(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = SampleEvents.inboundMessage("S1"), second = SampleEvents.inboundMessage("S2")
            _ = try await store.append(
                [first, second].map { EventRecord(event: $0, connection: "wa", subscribers: ["crm", "audit"]) },
                receivedAt: Timestamp(seconds: 1))
            let due = try await store.dueDeliveries(now: Timestamp(seconds: 1), limit: 10)
            #expect(due.map(\.eventID) == [first.id, first.id])
            #expect(Set(due.map(\.subscriber)) == ["crm", "audit"])
            let crm = try #require(due.first { $0.subscriber == "crm" })
            try await store.complete([DeliveryResult(deliveryID: crm.id, outcome: .delivered, at: Timestamp(seconds: 1))])
            let next = try await store.dueDeliveries(now: Timestamp(seconds: 1), limit: 10)
            // crm moves on to the second event; audit's first delivery is not completed yet.
            #expect(next.filter { $0.subscriber == "crm" }.map(\.eventID) == [second.id])
        }
    }

    @Test("the raw bytes and headers of a quarantined request come back byte-exact, newest first", arguments: StoreBackend.available)
    func quarantine(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let body: [UInt8] = [0x7B, 0x00, 0xFF, 0x22, 0x0A]
            let request = QuarantinedRequest(
                receivedAt: Timestamp(seconds: 1), provider: "meta", connection: "wa", reason: "malformed_body: x", method: "POST",
                url: "http://h/webhooks/meta", headers: [HTTPField(name: "Content-Type", value: "application/json")], body: body)
            try await store.quarantine(request)
            let later = QuarantinedRequest(
                receivedAt: Timestamp(seconds: 2), provider: "telegram", connection: nil, reason: "unknown_connection: y", method: "POST",
                url: "http://h/webhooks/telegram", headers: [], body: [])
            try await store.quarantine(later)
            // Stored times come back as milliseconds (`hasMilliseconds` set): compare the rest field by field.
            func same(_ kept: QuarantinedRequest, _ sent: QuarantinedRequest) -> Bool {
                var kept = kept
                guard kept.receivedAt.milliseconds == sent.receivedAt.milliseconds else { return false }
                kept.receivedAt = sent.receivedAt
                guard kept.id != nil else { return false }
                kept.id = nil
                return kept == sent
            }
            let kept = try await store.quarantined(limit: 10)
            #expect(kept.count == 2)
            #expect(kept.first.map { same($0, later) } == true)
            #expect(kept.last.map { same($0, request) } == true)
            #expect(kept.last?.body == body)
            #expect(try await store.quarantined(limit: 1).map(\.provider) == ["telegram"])
        }
    }

    @Test("50 concurrent appends are each stored exactly once, and no conversation update is lost", arguments: StoreBackend.available)
    func concurrentAppends(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let shared = SampleEvents.inboundMessage("shared", contact: "7")
            let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let own = SampleEvents.echoWithImage("E\(index)", contact: "\(index % 3)", bytes: 10)
                        return try await store.append(
                            [
                                EventRecord(event: own, connection: "wa", subscribers: ["crm"]),
                                EventRecord(event: shared, connection: "wa", subscribers: ["crm"]),
                            ],
                            receivedAt: Timestamp(seconds: 100))
                    }
                }
                return try await group.reduce(into: [AppendResult]()) { $0.append($1) }
            }
            #expect(results.map(\.inserted.count).reduce(0, +) == 51)
            #expect(results.map(\.duplicates).joined().filter { $0 == shared.id }.count == 49)
            #expect(try await store.eventCount() == 51)
            // Every echo counted exactly once in its conversation: 17 + 17 + 16 echoes of 10 bytes.
            for (contact, echoes) in [("0", 17), ("1", 17), ("2", 16)] {
                let state = try #require(try await store.conversation("whatsapp:1:\(contact)"))
                #expect(state.attachmentBytesByMonth["1970-01"] == Int64(echoes * 10))
            }
            #expect(try await store.deliveryBacklog(now: Timestamp(seconds: 100)).pending == 51)
        }
    }

    @Test("the store answers ping; after close, calls fail with a store error", arguments: StoreBackend.available)
    func closed(backend: StoreBackend) async throws {
        let database = try TestDatabase(backend)
        let store = try await database.open()
        try await store.ping()
        await store.close()
        await #expect(throws: StoreError.self) {
            try await store.append(
                [EventRecord(event: SampleEvents.inboundMessage("C"), connection: "wa")], receivedAt: Timestamp(seconds: 1))
        }
        await database.remove()
    }
}
