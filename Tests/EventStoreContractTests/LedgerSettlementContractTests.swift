import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore
import TestSupport
import Testing

/// How holds end on every store: the provider's pricing settles them (in the webhook's append, or when the send
/// learns its provider id after the status arrived), the send's failure releases them, and nothing settles twice.
@Suite("AccountLedger contract: settlement")
struct LedgerSettlementContractTests {
    /// A pricing type, the category the provider reports, and the charge and entry it leaves.
    struct PricingCase: Sendable, CustomTestStringConvertible {
        var type: String
        var category: String
        var charged: Money
        var entry: LedgerEntryKind
        var testDescription: String { "\(type) \(category)" }
    }

    static let pricingCases = [
        PricingCase(type: "regular", category: "marketing", charged: LedgerSamples.marketing, entry: .settle),
        // The provider priced it as utility: that category's rate at accept is charged, not the held amount.
        PricingCase(type: "regular", category: "utility", charged: LedgerSamples.utility, entry: .settle),
        PricingCase(type: "free_customer_service", category: "service", charged: .zero, entry: .release),
        PricingCase(type: "free_entry_point", category: "marketing", charged: .zero, entry: .release),
    ]

    @Test("pricing on the status webhook settles or releases the hold", arguments: StoreBackend.available, pricingCases)
    func settlementByPricing(backend: StoreBackend, pricing: PricingCase) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            let record = try #require(try await LedgerSamples.accept(store, "m1", to: "100"))
            #expect(try await store.applyOutbound([OutboundSamples.sent(record, providerID: "wamid.1", seconds: 1001)]) == [true])
            // A pricing hold waits for the provider's word: the send alone charges nothing.
            #expect(try await store.hold(messageID: "m1")?.state == .held)
            _ = try await store.append(
                [LedgerSamples.status(.delivered, providerID: "wamid.1", type: pricing.type, category: pricing.category, seconds: 1002)],
                receivedAt: Timestamp(seconds: 1002))
            let hold = try #require(try await store.hold(messageID: "m1"))
            #expect(hold.state == (pricing.entry == .settle ? .settled : .released))
            let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
            #expect(wallet.held == .zero && wallet.balance == Money(decimalString: "1.00")!.subtracting(pricing.charged))
            let latest = try #require(try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 1, before: nil).first)
            #expect(latest.kind == pricing.entry && latest.messageID == "m1" && latest.actor == "provider:wa")
            #expect(latest.amount == (pricing.entry == .settle ? pricing.charged : LedgerSamples.marketing))
            #expect(try await store.outboundMessage(id: "m1")?.deliveryStatus == .delivered)
        }
    }

    @Test(
        "pricing that arrives before the send's own outcome settles the hold once the send is recorded", arguments: StoreBackend.available)
    func pricingBeforeSend(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            let record = try #require(try await LedgerSamples.accept(store, "m1", to: "100"))
            _ = try await store.append(
                [LedgerSamples.status(.delivered, providerID: "wamid.fast", type: "regular", seconds: 1001)],
                receivedAt: Timestamp(seconds: 1001))
            #expect(try await store.hold(messageID: "m1")?.state == .held)
            #expect(try await store.applyOutbound([OutboundSamples.sent(record, providerID: "wamid.fast", seconds: 1002)]) == [true])
            #expect(try await store.hold(messageID: "m1")?.state == .settled)
            let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
            #expect(wallet.balance == Money(decimalString: "0.95")! && wallet.held == .zero)
            #expect(try await store.outboundMessage(id: "m1")?.deliveryStatus == .delivered)
            #expect(try await LedgerSamples.entryKinds(store) == [.settle, .hold, .open])
        }
    }

    @Test(
        "a send that fails, dies or is refused at dispatch releases its hold and gives the attachment bytes back",
        arguments: StoreBackend.available, [OutboundQueueState.failed, .dead, .refused])
    func releaseOnFailure(backend: StoreBackend, outcome: OutboundQueueState) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            let record = try #require(try await LedgerSamples.accept(store, "m1", to: "100", attachmentBytes: 1000))
            #expect(try await store.applyOutbound([LedgerSamples.abandoned(record, as: outcome, seconds: 1001)]) == [true])
            let hold = try #require(try await store.hold(messageID: "m1"))
            #expect(hold.state == .released)
            let wallet = try #require(try await store.wallet(LedgerSamples.wallet))
            #expect(wallet.balance == Money(decimalString: "1.00")! && wallet.held == .zero)
            #expect(try await LedgerSamples.entryKinds(store) == [.release, .hold, .open])
            let state = try #require(try await store.conversation(OutboundSamples.conversation("100")))
            #expect(state.attachmentBytesByMonth[LedgerSamples.month] == 0)
            if outcome == .refused {
                // The subscriber is told, with the rule's code and the remedy.
                let deliveries = try await store.dueDeliveries(now: Timestamp(seconds: 2000), limit: 10)
                let refused = try deliveries.map { try JSONParser.parse($0.json) }.filter { $0["kind"] == "status" }
                #expect(refused.count == 1)
                #expect(refused.first?["status"] == "failed" && refused.first?["errors"]?[0]?["code"] == "window_closed")
                #expect(refused.first?["errors"]?[0]?["detail"]?.string?.contains("send an approved template") == true)
            }
            // A later outcome or status changes nothing: the hold ended.
            _ = try await store.append(
                [LedgerSamples.status(.delivered, providerID: "wamid.none", type: "regular", seconds: 1003)],
                receivedAt: Timestamp(seconds: 1003))
            #expect(try await LedgerSamples.entryKinds(store) == [.release, .hold, .open])
        }
    }

    @Test("a re-delivered or later status settles nothing twice", arguments: StoreBackend.available)
    func noDoubleSettlement(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            let record = try #require(try await LedgerSamples.accept(store, "m1", to: "100"))
            _ = try await store.applyOutbound([OutboundSamples.sent(record, providerID: "wamid.1", seconds: 1001)])
            let delivered = LedgerSamples.status(.delivered, providerID: "wamid.1", type: "regular", seconds: 1002)
            _ = try await store.append([delivered], receivedAt: Timestamp(seconds: 1002))
            let again = try await store.append([delivered], receivedAt: Timestamp(seconds: 1003))
            #expect(again.duplicates == [delivered.event.id])
            _ = try await store.append(
                [LedgerSamples.status(.read, providerID: "wamid.1", type: "regular", seconds: 1004)], receivedAt: Timestamp(seconds: 1004))
            #expect(try await LedgerSamples.entryKinds(store) == [.settle, .hold, .open])
            #expect(try await store.wallet(LedgerSamples.wallet)?.balance == Money(decimalString: "0.95")!)
        }
    }

    @Test("a hold that settles on send is charged when the provider accepts it", arguments: StoreBackend.available)
    func settlesOnSend(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await LedgerSamples.open(store, balance: "1.00")
            let record = try #require(try await LedgerSamples.accept(store, "m1", to: "100", settlesOn: .sent))
            _ = try await store.applyOutbound([OutboundSamples.sent(record, providerID: "sms-1", seconds: 1001)])
            let latest = try #require(try await store.ledgerEntries(wallet: LedgerSamples.wallet, limit: 1, before: nil).first)
            #expect(latest.kind == .settle && latest.actor == "gateway" && latest.amount == LedgerSamples.marketing)
            #expect(try await store.wallet(LedgerSamples.wallet)?.balance == Money(decimalString: "0.95")!)
        }
    }
}
