import SwitchboardCore
import SwitchboardStore
import TestSupport
import Testing

/// Parked (dead) deliveries: what the router's state machine decided is stored as is, a dead delivery no longer holds
/// its conversation, and a redrive makes it pending again.
@Suite("EventStore contract: dead deliveries and redrive")
struct DeadDeliveryContractTests {
    @Test(
        "a dead delivery is kept with its reason, lets the conversation's later events go, is listed newest first and redriven once",
        arguments: StoreBackend.available)
    func deadThenRedrive(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = SampleEvents.inboundMessage("D1", contact: "1", seconds: 100)
            let second = SampleEvents.inboundMessage("D2", contact: "1", seconds: 101)
            let other = SampleEvents.inboundMessage("D3", contact: "2", seconds: 102)
            for (event, seconds) in [(first, 100), (second, 101), (other, 102)] as [(CanonicalEvent, Int64)] {
                _ = try await store.append(
                    [EventRecord(event: event, connection: "wa", subscribers: ["crm"])], receivedAt: Timestamp(seconds: seconds))
            }
            // Each read is 1 000 s after the last: PostgreSQL claims what it returns for a lease (120 s here).
            let heads = try await store.dueDeliveries(now: Timestamp(seconds: 1000), limit: 10)
            #expect(heads.map(\.eventID) == [first.id, other.id])
            #expect(heads.allSatisfy { $0.retryingSince.milliseconds == $0.createdAt.milliseconds })
            let parked = try #require(heads.first)
            try await store.complete([
                DeliveryResult(
                    deliveryID: parked.id, outcome: .dead(reason: "gave up after 72h (9 attempts): HTTP 503", error: "HTTP 503"),
                    at: Timestamp(seconds: 1000))
            ])
            // The conversation's later event goes on; the dead one is not due.
            let next = try await store.dueDeliveries(now: Timestamp(seconds: 2000), limit: 10)
            #expect(next.map(\.eventID) == [second.id, other.id])
            #expect(try await store.deliveryBacklog(now: Timestamp(seconds: 2000)).dead == 1)
            #expect(try await store.deliveryBacklog(now: Timestamp(seconds: 2000)).pending == 2)

            let letters = try await store.deadDeliveries(subscriber: "crm", limit: 10, before: nil)
            #expect(letters.count == 1)
            let letter = try #require(letters.first)
            #expect(letter.id == parked.id && letter.eventID == first.id && letter.conversation == parked.conversation)
            #expect(letter.reason == "gave up after 72h (9 attempts): HTTP 503" && letter.lastError == "HTTP 503")
            #expect(letter.attempts == 1 && letter.deadAt.milliseconds == 1_000_000)
            #expect(try await store.deadDeliveries(subscriber: "audit", limit: 10, before: nil).isEmpty)
            #expect(try await store.deadDeliveries(subscriber: "crm", limit: 10, before: parked.id).isEmpty)

            // Another subscriber's name, or an id that is not dead, redrives nothing.
            #expect(try await store.redriveDeliveries(subscriber: "audit", id: parked.id, now: Timestamp(seconds: 3000)) == 0)
            #expect(try await store.redriveDeliveries(subscriber: "crm", id: next[0].id, now: Timestamp(seconds: 3000)) == 0)
            #expect(try await store.redriveDeliveries(subscriber: "crm", id: parked.id, now: Timestamp(seconds: 3000)) == 1)
            #expect(try await store.redriveDeliveries(subscriber: "crm", id: parked.id, now: Timestamp(seconds: 3000)) == 0)
            #expect(try await store.deadDeliveries(subscriber: "crm", limit: 10, before: nil).isEmpty)
            #expect(try await store.deliveryBacklog(now: Timestamp(seconds: 3000)).dead == 0)

            // Pending again, with no attempts and its age counted from the redrive: it is its conversation's head.
            let redriven = try await store.dueDeliveries(now: Timestamp(seconds: 4000), limit: 10)
            #expect(redriven.map(\.eventID) == [first.id, other.id])
            let again = try #require(redriven.first)
            #expect(
                again.attempts == 0 && again.retryingSince.milliseconds == 3_000_000
                    && again.createdAt.milliseconds == parked.createdAt.milliseconds)
        }
    }

    @Test("due deliveries leave out the excluded ids (their conversations with them) and subscribers", arguments: StoreBackend.available)
    func exclusions(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = SampleEvents.inboundMessage("E1", contact: "1", seconds: 100)
            let second = SampleEvents.inboundMessage("E2", contact: "1", seconds: 101)
            let other = SampleEvents.inboundMessage("E3", contact: "2", seconds: 102)
            for (event, seconds) in [(first, 100), (second, 101), (other, 102)] as [(CanonicalEvent, Int64)] {
                _ = try await store.append(
                    [EventRecord(event: event, connection: "wa", subscribers: ["crm", "audit"])], receivedAt: Timestamp(seconds: seconds))
            }
            let all = try await store.dueDeliveries(now: Timestamp(seconds: 1000), limit: 10, excluding: [], excludingSubscribers: [])
            let crmFirst = try #require(all.first { $0.subscriber == "crm" && $0.eventID == first.id })
            // PostgreSQL leased those; its next read is past the lease.
            let later = try await store.dueDeliveries(
                now: Timestamp(seconds: 2000), limit: 10, excluding: [crmFirst.id], excludingSubscribers: ["audit"])
            #expect(later.map(\.eventID) == [other.id])
            #expect(later.allSatisfy { $0.subscriber == "crm" })
        }
    }
}
