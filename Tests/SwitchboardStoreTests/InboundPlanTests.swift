import SwitchboardCore
import SwitchboardStore
import TestSupport
import Testing

@Suite("InboundPlan: what an append decides, without a database")
struct InboundPlanTests {
    static let received = Timestamp(seconds: 500)

    static func status(_ status: DeliveryStatus, providerID: String, seconds: Int64) -> CanonicalEvent {
        var event = CanonicalEvent(
            kind: .status, channel: .whatsapp, provider: .meta, account: "1", timestamp: Timestamp(seconds: seconds),
            contact: Contact(id: "2"), providerMessageID: providerID, status: status)
        event.assignID(key: "\(providerID):\(status.rawValue)")
        return event
    }

    @Test("one step per record, one delivery per subscriber due at once, a seed per conversation, lock orders sorted")
    func steps() {
        let inbound = SampleEvents.inboundMessage("A", contact: "9")
        let consent = SampleEvents.consentEvent("opt_in", key: "B", contact: "2", seconds: 100)
        let reportB = Self.status(.delivered, providerID: "wamid.B", seconds: 101)
        let reportA = Self.status(.read, providerID: "wamid.A", seconds: 102)
        let plan = InboundPlan(
            records: [
                EventRecord(event: inbound, connection: "wa", subscribers: ["crm", "audit"]),
                EventRecord(event: consent, connection: "wa"),
                EventRecord(event: reportB, connection: "wa", subscribers: ["crm"]),
                EventRecord(event: reportA, connection: "wa"),
            ], receivedAt: Self.received)
        #expect(plan.steps.map(\.record.event.id) == [inbound.id, consent.id, reportB.id, reportA.id])
        #expect(plan.steps[0].deliveries.map(\.subscriber) == ["crm", "audit"])
        #expect(
            plan.steps[0].deliveries.allSatisfy {
                $0.conversation == inbound.conversation && $0.createdAt == Self.received && $0.nextAttemptAt == Self.received
            })
        #expect(plan.steps[1].deliveries.isEmpty)
        #expect(plan.steps[0].conversation == inbound.conversation && plan.steps[0].status == nil)
        #expect(plan.steps[2].status == ProviderStatusReport(status: .delivered, at: Timestamp(seconds: 101), providerMessageID: "wamid.B"))
        #expect(plan.conversationKeys == [consent.conversation, inbound.conversation].compactMap { $0 }.sorted())
        #expect(plan.seeds[inbound.conversation ?? ""] == ConversationState(channel: .whatsapp, account: inbound.account, contact: "9"))
        #expect(plan.reportedProviderMessageIDs == ["wamid.A", "wamid.B"])
    }

    @Test("an event without a contact changes no conversation and still gets its deliveries")
    func withoutContact() {
        var event = SampleEvents.inboundMessage("NC")
        event.contact = nil
        let plan = InboundPlan(records: [EventRecord(event: event, connection: "wa", subscribers: ["crm"])], receivedAt: Self.received)
        #expect(plan.steps[0].conversation == nil && plan.seeds.isEmpty)
        #expect(plan.steps[0].deliveries.map(\.conversation) == [""])
        #expect(plan.changedConversations(inserted: [true]).isEmpty)
        #expect(plan.conversationStates(from: [:], inserted: [true]).isEmpty)
    }

    @Test("conversation states: the inserted events in order, from the stored state or the seed; duplicates change nothing")
    func conversationStates() {
        let optIn = SampleEvents.consentEvent("opt_in", key: "in", contact: "2", seconds: 200)
        let optOut = SampleEvents.consentEvent("opt_out", key: "out", contact: "2", seconds: 300)
        let other = SampleEvents.consentEvent("opt_out", key: "other", contact: "3", seconds: 300)
        let records = [optIn, optOut, other].map { EventRecord(event: $0, connection: "wa") }
        let plan = InboundPlan(records: records, receivedAt: Self.received)
        let key = optIn.conversation ?? ""

        // Nothing stored: from the seed, both events of contact 2 applied in order; contact 3's is a duplicate.
        let fresh = plan.conversationStates(from: [:], inserted: [true, true, false])
        var expected = ConversationState(channel: .whatsapp, account: "1", contact: "2")
        expected.apply(optIn, receivedAt: Self.received)
        expected.apply(optOut, receivedAt: Self.received)
        #expect(fresh == [key: expected])
        #expect(fresh[key]?.optedOut == true && fresh[key]?.consentAt == Timestamp(seconds: 200))
        #expect(plan.changedConversations(inserted: [true, true, false]) == [key])

        // A stored state is the starting point; an event that was a duplicate is not applied.
        var stored = ConversationState(channel: .whatsapp, account: "1", contact: "2")
        stored.blocked = true
        let fromStored = plan.conversationStates(from: [key: stored], inserted: [true, false, false])
        var expectedStored = stored
        expectedStored.apply(optIn, receivedAt: Self.received)
        #expect(fromStored == [key: expectedStored])
        #expect(fromStored[key]?.blocked == true && fromStored[key]?.optedOut == false)

        // All duplicates: nothing to read, nothing to write.
        #expect(plan.changedConversations(inserted: [false, false, false]).isEmpty)
        #expect(plan.conversationStates(from: [key: stored], inserted: [false, false, false]).isEmpty)
    }

    @Test("status reports: only those of inserted events, in request order")
    func statusReports() {
        let events = [
            Self.status(.read, providerID: "wamid.X", seconds: 3), SampleEvents.inboundMessage("M"),
            Self.status(.delivered, providerID: "wamid.X", seconds: 2), Self.status(.sent, providerID: "wamid.Y", seconds: 1),
        ]
        let plan = InboundPlan(records: events.map { EventRecord(event: $0, connection: "wa") }, receivedAt: Self.received)
        #expect(plan.statusReports(inserted: [true, true, true, false]).map(\.status) == [.read, .delivered])
        #expect(plan.statusReports(inserted: [false, true, true, true]).map(\.providerMessageID) == ["wamid.X", "wamid.Y"])
        #expect(plan.reportedProviderMessageIDs == ["wamid.X", "wamid.Y"])
    }
}
