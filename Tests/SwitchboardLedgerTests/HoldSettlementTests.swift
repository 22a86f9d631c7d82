import SwitchboardCore
import Testing

@testable import SwitchboardLedger

/// `HoldRecord.resolution(of:)` for every kind of `HoldEvent`, on holds in every state and of both settlement kinds.
@Suite struct HoldSettlementTests {
    static let marketing = Money(micros: 25_000)
    static let utility = Money(micros: 4_000)

    static func hold(_ settlesOn: HoldRecord.SettlesOn, state: HoldRecord.State = .held) -> HoldRecord {
        HoldRecord(
            messageID: "msg_1", wallet: "w", amount: marketing, category: "marketing",
            rates: ["marketing": marketing, "utility": utility, "authentication": Money(micros: 3_000)], settlesOn: settlesOn,
            state: state, attachmentBytes: 1_000, attachmentMonth: "2026-10", conversation: "whatsapp:1:2",
            createdAt: Timestamp(milliseconds: 0))
    }

    /// Every event the store may feed a hold.
    static let events: [HoldEvent] =
        [.sent, .abandoned(reason: "refused at dispatch")]
        + DeliveryStatus.allCases.flatMap { status in
            [
                HoldEvent.status(status, pricing: nil), .status(status, pricing: Pricing(category: "marketing", type: "regular")),
                .status(status, pricing: Pricing(category: "service", type: "free_customer_service")),
                .status(status, pricing: Pricing(billable: false)),
            ]
        }

    @Test(
        "a hold already settled or released keeps every later event (nothing settles twice)",
        arguments: [HoldRecord.State.settled, .released], [HoldRecord.SettlesOn.pricing, .sent])
    func endedHoldsKeep(state: HoldRecord.State, settlesOn: HoldRecord.SettlesOn) {
        for event in Self.events { #expect(Self.hold(settlesOn, state: state).resolution(of: event) == .keep, "\(event)") }
    }

    @Test("an abandoned message releases its hold and gives the attachment bytes back", arguments: [HoldRecord.SettlesOn.pricing, .sent])
    func abandoned(settlesOn: HoldRecord.SettlesOn) {
        #expect(
            Self.hold(settlesOn).resolution(of: .abandoned(reason: "window closed while it waited"))
                == .release(reason: "window closed while it waited", returnAttachmentBytes: true))
    }

    @Test func theDispatchersSentSettlesOnlyHoldsThatSettleOnSend() {
        #expect(Self.hold(.sent).resolution(of: .sent) == .settle(amount: Self.marketing, category: "marketing", reason: "sent"))
        #expect(Self.hold(.pricing).resolution(of: .sent) == .keep)
    }

    @Test(
        "a failed status releases and gives the bytes back, with or without pricing",
        arguments: [HoldRecord.SettlesOn.pricing, .sent], [nil, Pricing(category: "marketing", type: "regular")])
    func failed(settlesOn: HoldRecord.SettlesOn, pricing: Pricing?) {
        guard case .release(_, let bytes) = Self.hold(settlesOn).resolution(of: .status(.failed, pricing: pricing)) else {
            Issue.record("a failed status must release")
            return
        }
        #expect(bytes)
    }

    @Test func regularPricingChargesTheReportedCategorysRateAtAccept() {
        let hold = Self.hold(.pricing)
        #expect(
            hold.resolution(of: .status(.sent, pricing: Pricing(category: "marketing", type: "regular")))
                == .settle(amount: Self.marketing, category: "marketing", reason: "provider pricing regular"))
        // Held as marketing, reported as utility: the utility rate, not the held amount.
        #expect(
            hold.resolution(of: .status(.delivered, pricing: Pricing(category: "UTILITY", type: "regular")))
                == .settle(amount: Self.utility, category: "utility", reason: "provider pricing regular"))
        // Meta's older hyphenated names match the price table's keys.
        #expect(
            hold.resolution(of: .status(.sent, pricing: Pricing(category: "authentication-international", type: "regular")))
                == .settle(amount: Self.marketing, category: "authentication_international", reason: "provider pricing regular"))
    }

    @Test func aReportedCategoryWithoutARateChargesTheHeldAmount() {
        #expect(
            Self.hold(.pricing).resolution(of: .status(.sent, pricing: Pricing(category: "referral_conversion", type: "regular")))
                == .settle(amount: Self.marketing, category: "referral_conversion", reason: "provider pricing regular"))
        #expect(
            Self.hold(.pricing).resolution(of: .status(.sent, pricing: Pricing(type: "regular")))
                == .settle(amount: Self.marketing, category: "marketing", reason: "provider pricing regular"))
    }

    @Test(
        "free pricing releases without giving the attachment bytes back (the message went out)",
        arguments: [
            Pricing(category: "service", type: "free_customer_service", billable: false),
            Pricing(category: "marketing", type: "free_entry_point"),
            Pricing(category: "utility", billable: false), Pricing(category: "utility", type: "FREE_CUSTOMER_SERVICE", billable: true),
        ])
    func freePricing(pricing: Pricing) {
        guard case .release(_, let bytes) = Self.hold(.pricing).resolution(of: .status(.delivered, pricing: pricing)) else {
            Issue.record("free pricing must release: \(pricing)")
            return
        }
        #expect(!bytes)
    }

    @Test func billableWithoutATypeChargesAndNeitherMeansCharged() {
        #expect(Pricing(billable: true).charged)
        #expect(Pricing().charged)
        #expect(!Pricing(billable: false).charged)
        #expect(Pricing(type: "regular", billable: false).charged)
        #expect(!Pricing(type: "free_entry_point", billable: true).charged)
    }

    @Test("a delivery without pricing charges a pricing hold as held", arguments: [DeliveryStatus.delivered, .read, .played])
    func deliveredWithoutPricing(status: DeliveryStatus) {
        #expect(
            Self.hold(.pricing).resolution(of: .status(status, pricing: nil))
                == .settle(amount: Self.marketing, category: "marketing", reason: "\(status.rawValue) without pricing: charged as held"))
        #expect(Self.hold(.sent).resolution(of: .status(status, pricing: nil)) == .keep)
    }

    @Test("statuses without pricing that say nothing about charging wait", arguments: [DeliveryStatus.queued, .sent, .deleted])
    func waitingStatuses(status: DeliveryStatus) {
        #expect(Self.hold(.pricing).resolution(of: .status(status, pricing: nil)) == .keep)
        #expect(Self.hold(.sent).resolution(of: .status(status, pricing: nil)) == .keep)
    }
}
