import SwitchboardCore
import SwitchboardStore
import TestSupport
import Testing

/// Retention on every store: what goes, what must stay (pending deliveries, conversation state, rows at or
/// after the cutoff), in windows smaller than the table.
@Suite("EventStore contract: retention")
struct RetentionContractTests {
    @Test(
        "prune removes old events with their finished deliveries, acknowledged deliveries and old quarantine; keeps pending and recent rows",
        arguments: StoreBackend.available)
    func prune(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            // One conversation per event (contact = key), so each delivery is due on its own.
            func append(_ key: String, at seconds: Int64, subscribers: [String] = ["crm"]) async throws -> CanonicalEvent {
                let event = SampleEvents.inboundMessage(key, contact: key, seconds: seconds)
                _ = try await store.append(
                    [EventRecord(event: event, connection: "wa", subscribers: subscribers)], receivedAt: Timestamp(seconds: seconds))
                return event
            }
            // Stored out of time order once (`atCutoff` second): the windows then reach past a row that is not
            // old enough, which each DELETE's own time condition must keep.
            let delivered = try await append("1", at: 100)  // delivered at 150: before the deliveries cutoff
            let atCutoff = try await append("6", at: 500, subscribers: [])  // exactly at the cutoff: stays
            let deliveredLate = try await append("2", at: 200)  // delivered at 1 200: goes with its event
            let quiet = try await append("4", at: 400, subscribers: [])
            let stuck = try await append("3", at: 300)  // delivery still pending: the event stays
            let recent = try await append("5", at: 1000)  // delivered at 1 100, after the cutoffs
            let due = try await store.dueDeliveries(now: Timestamp(seconds: 2000), limit: 10)
            #expect(due.count == 4)
            let outcomes: [String: (DeliveryResult.Outcome, Int64)] = [
                delivered.id: (.delivered, 150), deliveredLate.id: (.delivered, 1200), recent.id: (.delivered, 1100),
                stuck.id: (.retry(nextAttemptAt: Timestamp(seconds: 5000), error: "HTTP 503"), 1300),
            ]
            try await store.complete(
                due.compactMap { delivery in
                    outcomes[delivery.eventID].map { DeliveryResult(deliveryID: delivery.id, outcome: $0.0, at: Timestamp(seconds: $0.1)) }
                })
            for (seconds, reason) in [(Int64(100), "old"), (1000, "recent")] {
                try await store.quarantine(
                    QuarantinedRequest(
                        receivedAt: Timestamp(seconds: seconds), provider: "meta", connection: "wa", reason: reason, method: "POST",
                        url: "http://h/webhooks/meta/wa", headers: [], body: Array(reason.utf8)))
            }

            let cutoffs = RetentionCutoffs(
                events: Timestamp(seconds: 500), deliveries: Timestamp(seconds: 1000), quarantine: Timestamp(seconds: 500))
            let pruned = try await store.prune(cutoffs, batchSize: 2)
            #expect(pruned == PruneCounts(events: 3, deliveries: 2, quarantined: 1))

            for gone in [delivered, deliveredLate, quiet] { #expect(try await store.event(id: gone.id) == nil) }
            for kept in [stuck, atCutoff, recent] { #expect(try await store.event(id: kept.id) != nil) }
            #expect(try await store.eventCount() == 3)
            // The pending delivery is untouched and still due once its retry time comes.
            #expect(try await store.deliveryBacklog(now: Timestamp(seconds: 6000)).pending == 1)
            #expect(try await store.dueDeliveries(now: Timestamp(seconds: 6000), limit: 10).map(\.eventID) == [stuck.id])
            #expect(try await store.quarantined(limit: 10).map(\.reason) == ["recent"])
            // Conversation state outlives its events (windows, opt-outs and quotas live there).
            let conversation = try #require(delivered.conversation)
            #expect(try await store.conversation(conversation)?.lastInboundAt == Timestamp(seconds: 100))

            // Nothing left to prune: a second run removes nothing.
            #expect(try await store.prune(cutoffs, batchSize: 2) == PruneCounts())
            // A re-delivery of a pruned event is new again (why events are kept at least 8 days).
            let again = try await store.append(
                [EventRecord(event: quiet, connection: "wa")], receivedAt: Timestamp(seconds: 3000))
            #expect(again == AppendResult(inserted: [quiet.id]))
        }
    }

    @Test("no cutoffs: nothing is removed", arguments: StoreBackend.available)
    func keepForever(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let event = SampleEvents.inboundMessage("keep", seconds: 1)
            _ = try await store.append([EventRecord(event: event, connection: "wa")], receivedAt: Timestamp(seconds: 1))
            #expect(try await store.prune(RetentionCutoffs(), batchSize: 10) == PruneCounts())
            // An empty table with a cutoff: nothing to find.
            #expect(try await store.prune(RetentionCutoffs(quarantine: Timestamp(seconds: 10)), batchSize: 10) == PruneCounts())
            #expect(try await store.eventCount() == 1)
        }
    }
}
