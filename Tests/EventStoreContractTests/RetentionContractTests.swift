import SwitchboardCore
import SwitchboardQueue
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

    @Test(
        "prune removes finished outbound messages with their history; keeps active, dead and recently changed ones, and their contacts",
        arguments: StoreBackend.available)
    func pruneOutbound(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            func queued(_ id: String, to contact: String, at seconds: Int64, key: String? = nil) async throws -> OutboundRecord {
                let message = OutboundSamples.message(id, to: contact, idempotencyKey: key, businessInitiated: true, seconds: seconds)
                guard case .created(let record) = try await store.enqueueOutbound(message) else { throw RetentionTestError.notCreated(id) }
                return record
            }
            func apply(_ transition: OutboundTransition) async throws { #expect(try await store.applyOutbound([transition]) == [true]) }
            func failed(_ record: OutboundRecord, at seconds: Int64) -> OutboundTransition {
                OutboundTransition(
                    id: record.id, expectedState: record.state, expectedAttempts: record.attempts, state: .failed,
                    attempts: record.attempts + 1, nextAttemptAt: Timestamp(seconds: seconds), deliveryStatus: .failed,
                    history: OutboundHistoryEntry(status: "failed", at: Timestamp(seconds: seconds), errorCode: "131026"))
            }
            let sent = try await queued("sent", to: "201", at: 100, key: "retry-me")
            try await apply(OutboundSamples.sent(sent, providerID: "wamid.S", seconds: 150))
            let failedOne = try await queued("failed", to: "202", at: 110)
            try await apply(failed(failedOne, at: 160))
            let dead = try await queued("dead", to: "203", at: 120)  // a dead letter stays until someone redrives it
            try await apply(OutboundSamples.dead(dead, seconds: 170))
            // Dead, redriven, then sent: it goes, with its closed dead letter.
            let redriven = try await queued("redriven", to: "204", at: 130)
            try await apply(OutboundSamples.dead(redriven, seconds: 140))
            try await apply(
                OutboundTransition(
                    id: "redriven", expectedState: .dead, expectedAttempts: 1, state: .queued, attempts: 1,
                    nextAttemptAt: Timestamp(seconds: 145), resetDeliveryStatus: true,
                    history: OutboundHistoryEntry(status: "queued", at: Timestamp(seconds: 145), detail: "redriven")))
            let again = try #require(try await store.outboundMessage(id: "redriven"))
            try await apply(OutboundSamples.sent(again, providerID: "wamid.R", seconds: 180))
            _ = try await queued("waiting", to: "205", at: 200)  // still queued: stays however old
            let late = try await queued("late", to: "206", at: 300)  // sent after the cutoff: stays
            try await apply(OutboundSamples.sent(late, providerID: "wamid.L", seconds: 600))
            let recent = try await queued("recent", to: "207", at: 700)
            try await apply(OutboundSamples.sent(recent, providerID: "wamid.N", seconds: 710))
            // 201 also wrote in: its conversation row exists and keeps its own state.
            let inbound = SampleEvents.inboundMessage("in-201", contact: "201", seconds: 50)
            _ = try await store.append([EventRecord(event: inbound, connection: "wa")], receivedAt: Timestamp(seconds: 50))

            let probe = OutboundSamples.conversation("999")
            let before = try await store.outboundAccountFacts(conversation: probe, since: Timestamp(seconds: 0))
            #expect(before.knownContacts == 7)
            let pruned = try await store.prune(RetentionCutoffs(outbound: Timestamp(seconds: 500)), batchSize: 2)
            #expect(pruned == PruneCounts(outbound: 3))

            for gone in ["sent", "failed", "redriven"] {
                #expect(try await store.outboundMessage(id: gone) == nil)
                #expect(try await store.outboundHistory(id: gone).isEmpty)
            }
            for kept in ["dead", "waiting", "late", "recent"] { #expect(try await store.outboundMessage(id: kept) != nil) }
            #expect(try await store.outboundHistory(id: "dead").map(\.status) == ["queued", "dead"])
            #expect(try await store.outboundQueueDepth() == [.queued: 1, .sending: 0, .retryWait: 0, .dead: 1])
            // Every contact still counts for the plan's contact cap: the pruned ones now through a conversation row.
            let after = try await store.outboundAccountFacts(conversation: probe, since: Timestamp(seconds: 0))
            #expect(after.knownContacts == 7)
            let remembered = try #require(try await store.conversation(OutboundSamples.conversation("202")))
            #expect(remembered.channel == .whatsapp && remembered.account == OutboundSamples.account && remembered.contact == "202")
            #expect(remembered.lastInboundAt == nil && !remembered.optedOut)
            #expect(try await store.conversation(OutboundSamples.conversation("201"))?.lastInboundAt == Timestamp(seconds: 50))
            // A second prune finds nothing; the idempotency key of a pruned message is free again.
            #expect(try await store.prune(RetentionCutoffs(outbound: Timestamp(seconds: 500)), batchSize: 2) == PruneCounts())
            #expect(try await store.outboundMessage(apiKeyID: "key-a", idempotencyKey: "retry-me") == nil)
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

enum RetentionTestError: Error {
    case notCreated(String)
}
