import SwitchboardCore
import SwitchboardStore
import TestSupport
import Testing

/// Sending a subscriber again what it takes since a time (`POST /v1/subscribers/{name}/redeliver`).
@Suite("EventStore contract: redelivery")
struct RedeliverContractTests {
    @Test(
        "a redelivery queues the subscriber's events since a time in storage order, replacing its done and pending deliveries; over the limit it changes nothing",
        arguments: StoreBackend.available)
    func redeliver(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let early = SampleEvents.inboundMessage("A1", contact: "1", seconds: 100)
            let other = SampleEvents.inboundMessage("B1", contact: "2", seconds: 200)
            let later = SampleEvents.inboundMessage("A2", contact: "1", seconds: 300)
            let consent = SampleEvents.consentEvent("opt_in", key: "C1", contact: "1", seconds: 300)
            for (event, seconds) in [(early, 100), (other, 200), (later, 300), (consent, 300)] as [(CanonicalEvent, Int64)] {
                let record = EventRecord(event: event, connection: "wa", subscribers: ["crm", "audit"])
                _ = try await store.append([record], receivedAt: Timestamp(seconds: seconds))
            }
            // Each read is 1 000 s after the last: PostgreSQL claims what it returns for a lease (120 s here).
            func crmDue(_ seconds: Int64) async throws -> [PendingDelivery] {
                try await store.dueDeliveries(now: Timestamp(seconds: seconds), limit: 20).filter { $0.subscriber == "crm" }
            }
            func acknowledge(_ deliveries: [PendingDelivery], at seconds: Int64) async throws {
                try await store.complete(
                    deliveries.map { DeliveryResult(deliveryID: $0.id, outcome: .delivered, at: Timestamp(seconds: seconds)) })
            }
            // crm acknowledged the heads of its three conversations (A1, B1, the consent event C1, whose account
            // differs); A2 is pending. audit acknowledged nothing.
            try await acknowledge(try await crmDue(1000), at: 1000)
            #expect(try await crmDue(2000).map(\.eventID) == [later.id])
            let messages = EventFilter(kinds: ["message"])

            // Two messages since 150 (B1, A2): a limit of 1 refuses with its code, and nothing moves.
            do {
                _ = try await store.redeliver(
                    subscriber: "crm", filter: messages, since: Timestamp(seconds: 150), now: Timestamp(seconds: 2500), limit: 1)
                Issue.record("a redelivery over the limit was accepted")
            } catch {
                #expect((error as? StoreError)?.code == "too_many_events")
            }
            #expect(try await crmDue(3000).map(\.eventID) == [later.id])

            let queued = try await store.redeliver(
                subscriber: "crm", filter: messages, since: Timestamp(seconds: 150), now: Timestamp(seconds: 4000), limit: 10)
            #expect(queued == 2)
            var pending = try await crmDue(4000)
            #expect(pending.map(\.eventID) == [other.id, later.id])
            #expect(pending.allSatisfy { $0.attempts == 0 })
            try await acknowledge(pending, at: 4000)
            #expect(try await crmDue(5000).isEmpty)
            // audit's deliveries are untouched; a time after everything queues nothing.
            #expect(try await store.dueDeliveries(now: Timestamp(seconds: 6000), limit: 20).filter { $0.subscriber == "audit" }.count == 3)
            #expect(
                try await store.redeliver(
                    subscriber: "crm", filter: messages, since: Timestamp(seconds: 900), now: Timestamp(seconds: 6500), limit: 10) == 0)

            // Every kind since 0: the four come back, A1 before A2 in their conversation.
            let all = try await store.redeliver(
                subscriber: "crm", filter: EventFilter(), since: Timestamp(seconds: 0), now: Timestamp(seconds: 7000), limit: 10)
            #expect(all == 4)
            var rounds: [[String]] = []
            for round in Int64(0)..<3 {
                pending = try await crmDue(7000 + 1000 * round)
                rounds.append(pending.map(\.eventID))
                try await acknowledge(pending, at: 7000 + 1000 * round)
            }
            #expect(rounds == [[early.id, other.id, consent.id], [later.id], []])
        }
    }
}
