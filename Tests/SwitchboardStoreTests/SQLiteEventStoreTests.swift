import Foundation
import SwitchboardCore
import SwitchboardStore
import Testing

@Suite("SQLite event store")
struct SQLiteEventStoreTests {
    @Test("a re-delivered event is reported as duplicate and stored once")
    func dedupe() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let event = inboundMessage("A")
        let first = try await store.append(
            [EventRecord(event: event, connection: "wa", subscribers: ["crm"])], receivedAt: Timestamp(seconds: 1))
        let second = try await store.append(
            [EventRecord(event: event, connection: "wa", subscribers: ["crm"])], receivedAt: Timestamp(seconds: 2))
        #expect(first.inserted == [event.id])
        #expect(second.inserted.isEmpty)
        #expect(second.duplicates == [event.id])
        #expect(try await store.eventCount() == 1)
        let deliveries = try await store.deliveries(eventID: event.id)
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.subscriber == "crm")
        await store.close()
    }

    @Test("events, conversation state and deliveries survive closing and reopening the file")
    func persistence() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let event = inboundMessage("B")
        do {
            let store = try SQLiteEventStore(path: directory.databasePath)
            _ = try await store.append(
                [EventRecord(event: event, connection: "wa", subscribers: ["crm"])], receivedAt: Timestamp(seconds: 5))
            await store.close()
        }
        let reopened = try SQLiteEventStore(path: directory.databasePath)
        let stored = try #require(try await reopened.event(id: event.id))
        #expect(stored.json == event.jsonLine)
        #expect(stored.connection == "wa")
        let state = try #require(try await reopened.conversation("whatsapp:106540352242922:16505551234"))
        #expect(state.lastInboundAt == Timestamp(seconds: 1_714_564_800))
        #expect(try await reopened.dueDeliveries(now: Timestamp(seconds: 10), limit: 10).map(\.eventID) == [event.id])
        await reopened.close()
    }

    @Test("a duplicate does not apply its event to the conversation state twice")
    func duplicateDoesNotChangeState() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        var echo = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: "1", direction: .outbound, timestamp: Timestamp(seconds: 100),
            contact: Contact(id: "2"), echo: true,
            content: MessageContent(type: .media, attachments: [Attachment(kind: .image, size: 1000)]))
        echo.assignID(key: "echo-1")
        _ = try await store.append([EventRecord(event: echo, connection: "wa")], receivedAt: Timestamp(seconds: 100))
        _ = try await store.append([EventRecord(event: echo, connection: "wa")], receivedAt: Timestamp(seconds: 101))
        let state = try #require(try await store.conversation("whatsapp:1:2"))
        #expect(state.attachmentBytesByMonth == ["1970-01": 1000])
        await store.close()
    }

    @Test("the raw bytes of a quarantined request come back byte-exact")
    func quarantine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let body: [UInt8] = [0x7B, 0x00, 0xFF, 0x22, 0x0A]
        try await store.quarantine(
            QuarantinedRequest(
                receivedAt: Timestamp(seconds: 1), provider: "meta", connection: "wa", reason: "malformed_body: x", method: "POST",
                url: "http://h/webhooks/meta", headers: [HTTPField(name: "Content-Type", value: "application/json")], body: body))
        let kept = try await store.quarantined(limit: 10)
        #expect(kept.count == 1)
        #expect(kept.first?.body == body)
        #expect(kept.first?.reason == "malformed_body: x")
        #expect(kept.first?.headers == [HTTPField(name: "Content-Type", value: "application/json")])
        await store.close()
    }

    @Test("200 concurrent appends are all committed, in fewer transactions than requests (group commit)")
    func groupCommit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let before = store.writeStatistics
        let inserted = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let event = inboundMessage("G\(index)", contact: "\(index % 7)")
                    return try await store.append([EventRecord(event: event, connection: "wa")], receivedAt: Timestamp(seconds: 1)).inserted
                        .count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(inserted == 200)
        #expect(try await store.eventCount() == 200)
        let after = store.writeStatistics
        #expect(after.requests - before.requests == 200)
        #expect(after.transactions - before.transactions < 200)
        await store.close()
    }

    @Test("deliveries go out in order per conversation: a later event waits for the earlier one")
    func deliveryOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let first = inboundMessage("O1"), second = inboundMessage("O2"), other = inboundMessage("O3", contact: "999")
        _ = try await store.append(
            [first, second, other].map { EventRecord(event: $0, connection: "wa", subscribers: ["crm"]) }, receivedAt: Timestamp(seconds: 1)
        )
        let now = Timestamp(seconds: 2)
        let due = try await store.dueDeliveries(now: now, limit: 10)
        #expect(due.map(\.eventID) == [first.id, other.id])
        // The first fails: the conversation is blocked until its retry, the other conversation is not.
        try await store.complete([
            DeliveryResult(deliveryID: due[0].id, outcome: .retry(nextAttemptAt: Timestamp(seconds: 60), error: "HTTP 500"), at: now),
            DeliveryResult(deliveryID: due[1].id, outcome: .delivered, at: now),
        ])
        #expect(try await store.dueDeliveries(now: now, limit: 10).isEmpty)
        let retry = try await store.dueDeliveries(now: Timestamp(seconds: 61), limit: 10)
        #expect(retry.map(\.eventID) == [first.id])
        #expect(retry.first?.attempts == 1)
        try await store.complete([DeliveryResult(deliveryID: retry[0].id, outcome: .delivered, at: Timestamp(seconds: 61))])
        #expect(try await store.dueDeliveries(now: Timestamp(seconds: 61), limit: 10).map(\.eventID) == [second.id])
        #expect(try await store.deliveryBacklog(now: Timestamp(seconds: 61)).pending == 1)
        await store.close()
    }

    @Test("writes after close fail with code closed instead of hanging")
    func closed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        await store.close()
        await #expect(throws: StoreError.self) {
            try await store.append([EventRecord(event: inboundMessage("C"), connection: "wa")], receivedAt: Timestamp(seconds: 1))
        }
    }
}
