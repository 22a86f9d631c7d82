import Foundation
import SwitchboardCore
import SwitchboardStore
import TestSupport
import Testing

/// SQLite-only behaviour; what every store must do is in Tests/EventStoreContractTests.
@Suite("SQLite event store")
struct SQLiteEventStoreTests {
    @Test("events, conversation state and deliveries survive closing and reopening the file")
    func persistence() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let event = SampleEvents.inboundMessage("B")
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

    @Test("200 concurrent appends are all committed, in fewer transactions than requests (group commit)")
    func groupCommit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.databasePath)
        let before = store.writeStatistics
        let inserted = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let event = SampleEvents.inboundMessage("G\(index)", contact: "\(index % 7)")
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
}
