import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore
import Testing

/// Holds ended by the send's outcomes on a real SQLite file: the dispatcher's transitions and the provider's
/// status webhooks, each in the transaction that records it.
@Suite("Ledger settlement (SQLite)")
struct LedgerSettlementTests {
    /// A store with a 10.00 USD wallet and message `m1` accepted with a 1.00 marketing hold.
    private static func acceptedOne(_ directory: TemporaryDirectory, hold: HoldRecord? = nil, conversation: ConversationState? = nil)
        async throws -> SQLiteEventStore
    {
        let store = try SQLiteEventStore(path: directory.databasePath)
        try await store.openWallets(
            [WalletOpening(id: LedgerSamples.wallet, currency: "USD", openingBalance: LedgerSamples.usd("10.00"))],
            at: Timestamp(seconds: 900))
        let reservation = AcceptReservation(
            hold: hold ?? LedgerSamples.hold("m1", price: LedgerSamples.usd("1.00")), conversation: conversation)
        let outcome = try await store.acceptOutbound(
            LedgerSamples.message("m1"), scope: LedgerSamples.scope(),
            decide: LedgerSamples.payingDecision("m1", price: LedgerSamples.usd("1.00"), reservation: reservation))
        guard case .created = outcome else { throw LedgerTestFailure.notCreated }
        return store
    }

    @Test(
        "pricing on the status webhook settles the hold: regular charges the reported category's rate, free types release",
        arguments: [
            ("regular", "utility", "9.50", HoldRecord.State.settled),
            ("regular", "marketing", "9.00", .settled),
            ("free_customer_service", "service", "10.00", .released),
            ("free_entry_point", "marketing", "10.00", .released),
        ])
    func pricingSettles(type: String, category: String, balance: String, state: HoldRecord.State) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.acceptedOne(directory)
        #expect(try await store.applyOutbound([LedgerSamples.transition("m1", to: .sent, providerID: "wamid.1")]) == [true])
        #expect(try await store.hold(messageID: "m1")?.state == .held)
        let pricing = Pricing(category: category, type: type, billable: type == "regular")
        _ = try await store.append(
            [LedgerSamples.status(.delivered, providerID: "wamid.1", pricing: pricing)], receivedAt: Timestamp(seconds: 1002))
        let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
        #expect(wallet.balance == LedgerSamples.usd(balance))
        #expect(wallet.held == .zero)
        #expect(try await store.hold(messageID: "m1")?.state == state)
        let last = try #require(try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 1, before: nil).first)
        #expect(last.kind == (state == .settled ? .settle : .release))
        #expect(last.actor == "provider:wa")
        await store.close()
    }

    @Test("pricing that arrives before the dispatcher's sent settles once; the later sent and a re-delivered status do nothing")
    func pricingBeforeSent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.acceptedOne(directory)
        let delivered = LedgerSamples.status(
            .delivered, providerID: "wamid.fast", pricing: Pricing(category: "marketing", type: "regular", billable: true))
        _ = try await store.append([delivered], receivedAt: Timestamp(seconds: 1000))
        #expect(try await store.hold(messageID: "m1")?.state == .held)
        #expect(try await store.applyOutbound([LedgerSamples.transition("m1", to: .sent, providerID: "wamid.fast")]) == [true])
        #expect(try await store.hold(messageID: "m1")?.state == .settled)
        // The same webhook again, and a later status with pricing: neither charges a second time.
        let again = try await store.append([delivered], receivedAt: Timestamp(seconds: 1003))
        #expect(again.duplicates == [delivered.event.id])
        _ = try await store.append(
            [LedgerSamples.status(.read, providerID: "wamid.fast", pricing: Pricing(category: "marketing", type: "regular"))],
            receivedAt: Timestamp(seconds: 1004))
        let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
        #expect(wallet.balance == LedgerSamples.usd("9.00"))
        #expect(wallet.held == .zero)
        let kinds = try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 10, before: nil).map(\.kind)
        #expect(kinds == [.settle, .hold, .open])
        await store.close()
    }

    @Test("a hold that settles on send is charged by the dispatcher's sent; a status without pricing changes nothing more")
    func settlesOnSent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.acceptedOne(
            directory, hold: LedgerSamples.hold("m1", price: LedgerSamples.usd("1.00"), settlesOn: .sent))
        #expect(try await store.applyOutbound([LedgerSamples.transition("m1", to: .sent, providerID: "SM1")]) == [true])
        _ = try await store.append([LedgerSamples.status(.delivered, providerID: "SM1")], receivedAt: Timestamp(seconds: 1003))
        let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
        #expect(wallet.balance == LedgerSamples.usd("9.00"))
        #expect(wallet.held == .zero)
        #expect(try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 1, before: nil).first?.actor == "gateway")
        await store.close()
    }

    @Test(
        "a failed send releases the hold and gives the attachment bytes back to the contact's month",
        arguments: [OutboundQueueState.failed, .dead])
    func failedReleases(state: OutboundQueueState) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var conversation = ConversationState(channel: .whatsapp, account: LedgerSamples.account, contact: "100")
        conversation.attachmentBytesByMonth["2026-11"] = 7000
        let hold = LedgerSamples.hold("m1", price: LedgerSamples.usd("1.00"), bytes: 5000, month: "2026-11")
        let store = try await Self.acceptedOne(directory, hold: hold, conversation: conversation)
        #expect(try await store.conversation(LedgerSamples.conversation("100"))?.attachmentBytesByMonth["2026-11"] == 7000)
        #expect(try await store.applyOutbound([LedgerSamples.transition("m1", to: state)]) == [true])
        #expect(try await store.conversation(LedgerSamples.conversation("100"))?.attachmentBytesByMonth["2026-11"] == 2000)
        let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
        #expect(wallet.balance == LedgerSamples.usd("10.00"))
        #expect(wallet.held == .zero)
        #expect(try await store.hold(messageID: "m1")?.state == .released)
        let last = try #require(try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 1, before: nil).first)
        #expect(last.kind == .release)
        #expect(last.amount == LedgerSamples.usd("1.00"))
        #expect(last.actor == "gateway")
        await store.close()
    }

    @Test("a failed status webhook releases the hold; the message's own failure later releases nothing twice")
    func failedStatusReleasesOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.acceptedOne(directory)
        #expect(try await store.applyOutbound([LedgerSamples.transition("m1", to: .sent, providerID: "wamid.f")]) == [true])
        _ = try await store.append([LedgerSamples.status(.failed, providerID: "wamid.f")], receivedAt: Timestamp(seconds: 1002))
        _ = try await store.append(
            [LedgerSamples.status(.delivered, providerID: "wamid.f", pricing: Pricing(type: "regular"))],
            receivedAt: Timestamp(seconds: 1003))
        let entries = try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 10, before: nil)
        #expect(entries.map(\.kind) == [.release, .hold, .open])
        #expect(try await store.wallet(LedgerSamples.wallet)?.balance == LedgerSamples.usd("10.00"))
        await store.close()
    }

    @Test("a message refused at dispatch releases its hold and tells the status subscribers why")
    func refusedAtDispatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.acceptedOne(directory)
        store.configureLedger(LedgerStoreSettings(eventSubscribers: [], statusSubscribers: ["crm"]))
        let refusal = DispatchRefusal(
            code: "window_closed", rule: "whatsapp_window", message: "the 24 h window closed 2 h ago", remedy: "send an approved template")
        #expect(try await store.applyOutbound([LedgerSamples.transition("m1", to: .refused, refusal: refusal)]) == [true])
        #expect(try await store.hold(messageID: "m1")?.state == .released)
        #expect(try await store.wallet(LedgerSamples.wallet)?.held == .zero)
        let deliveries = try await store.dueDeliveries(now: Timestamp(seconds: 2000), limit: 10)
        #expect(deliveries.map(\.subscriber) == ["crm"])
        let event = try JSONParser.parse(try #require(deliveries.first).json)
        #expect(event["kind"]?.string == "status")
        #expect(event["status"]?.string == "failed")
        #expect(event["provider_message_id"] == nil)
        #expect(event["errors"]?[0]?["code"]?.string == "window_closed")
        #expect(event["errors"]?[0]?["title"]?.string == "whatsapp_window")
        #expect(event["errors"]?[0]?["detail"]?.string == "the 24 h window closed 2 h ago — send an approved template")
        #expect(event["event"]?["switchboard_message_id"]?.string == "m1")
        #expect(event["conversation"]?.string == LedgerSamples.conversation("100"))
        await store.close()
    }
}

enum LedgerTestFailure: Error {
    case notCreated
}
