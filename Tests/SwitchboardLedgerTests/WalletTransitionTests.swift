import SwitchboardCore
import Testing

@testable import SwitchboardLedger

/// `WalletState.applying(_:at:)`: holds against balance − held, settlements, releases, operator credits, and the
/// low-balance and exhaustion notices announced once per crossing. Pure: no store.
@Suite struct WalletTransitionTests {
    static let at = Timestamp(milliseconds: 1_780_000_000_000)

    static func money(_ text: String) -> Money { Money(decimalString: text)! }

    static func wallet(balance: String, held: String = "0", low: String? = nil) -> WalletState {
        WalletState(id: "w", currency: "USD", balance: money(balance), held: money(held), lowThreshold: low.map(money))
    }

    static func hold(_ amount: String, message: String = "msg_1") -> WalletCommand {
        .hold(messageID: message, amount: money(amount), category: "marketing", actor: "api:k")
    }

    @Test func aHoldExactlyCoveringTheAvailableMoneyIsAcceptedAndLeavesZero() throws {
        let change = try Self.wallet(balance: "1.00", held: "0.75").applying(Self.hold("0.25"), at: Self.at)
        #expect(change.wallet.balance == Self.money("1.00"))
        #expect(change.wallet.held == Self.money("1.00"))
        #expect(change.wallet.available == .zero)
        #expect(change.entry.kind == .hold)
        #expect(change.entry.amount == Self.money("0.25"))
        #expect(change.entry.balanceAfter == Self.money("1.00"))
        #expect(change.entry.heldAfter == Self.money("1.00"))
        #expect(change.entry.messageID == "msg_1")
        #expect(change.entry.category == "marketing")
        #expect(change.entry.at == Self.at)
        #expect(change.wallet.updatedAt == Self.at)
        #expect(change.notices == [.balanceExhausted])
    }

    @Test func aHoldOneMicroBeyondTheAvailableMoneyIsRefusedWithTheNumbers() {
        let wallet = Self.wallet(balance: "1.00", held: "0.75")
        #expect(throws: WalletRefusal.insufficient(available: Self.money("0.25"), price: Self.money("0.250001"))) {
            try wallet.applying(Self.hold("0.250001"), at: Self.at)
        }
    }

    @Test("zero, negative and out-of-range holds are refused", arguments: ["0", "-0.01", "1000000000000.000001"])
    func invalidHolds(amount: String) {
        let amount = Money(decimalString: amount) ?? Money(micros: Money.limit.micros + 1)
        let command = WalletCommand.hold(messageID: "m", amount: amount, category: "utility", actor: "gateway")
        #expect(throws: WalletRefusal.self) { try Self.wallet(balance: "10").applying(command, at: Self.at) }
    }

    @Test func holdsAccumulateAndTheEleventhOfTenIsRefused() throws {
        var wallet = Self.wallet(balance: "0.25")
        for index in 0..<10 { wallet = try wallet.applying(Self.hold("0.025", message: "m\(index)"), at: Self.at).wallet }
        #expect(wallet.held == Self.money("0.25"))
        #expect(throws: WalletRefusal.self) { try wallet.applying(Self.hold("0.025", message: "m10"), at: Self.at) }
    }

    @Test func settlingChargesTheBalanceAndEndsTheHold() throws {
        let change = try Self.wallet(balance: "10", held: "0.05").applying(
            .settle(
                messageID: "m", held: Self.money("0.05"), charged: Self.money("0.05"), category: "marketing", reason: "pricing",
                actor: "gateway"),
            at: Self.at)
        #expect(change.wallet.balance == Self.money("9.95"))
        #expect(change.wallet.held == .zero)
        #expect(change.entry.kind == .settle)
        #expect(change.entry.amount == Self.money("0.05"))
        #expect(change.entry.balanceAfter == Self.money("9.95"))
        #expect(change.entry.reason == "pricing")
    }

    @Test func settlingMoreThanWasHeldChargesWhatWasReportedAndMayGoBelowZeroByTheDifference() throws {
        // Held as utility (0.01); the provider reported marketing (0.05); nothing else left.
        let change = try Self.wallet(balance: "0.01", held: "0.01").applying(
            .settle(
                messageID: "m", held: Self.money("0.01"), charged: Self.money("0.05"), category: "marketing", reason: "r", actor: "gateway"),
            at: Self.at)
        #expect(change.wallet.balance == Self.money("-0.04"))
        #expect(change.wallet.held == .zero)
        #expect(change.wallet.available == Self.money("-0.04"))
        #expect(change.notices == [.balanceExhausted])
    }

    @Test func settlingLessThanWasHeldGivesTheRestBack() throws {
        let change = try Self.wallet(balance: "1", held: "0.05").applying(
            .settle(
                messageID: "m", held: Self.money("0.05"), charged: Self.money("0.01"), category: "utility", reason: "r", actor: "gateway"),
            at: Self.at)
        #expect(change.wallet.balance == Self.money("0.99"))
        #expect(change.wallet.held == .zero)
        #expect(change.wallet.available == Self.money("0.99"))
    }

    @Test func aNegativeChargeIsRefused() {
        #expect(throws: WalletRefusal.self) {
            try Self.wallet(balance: "1", held: "0.05").applying(
                .settle(messageID: "m", held: Self.money("0.05"), charged: Self.money("-0.01"), category: nil, reason: "r", actor: "g"),
                at: Self.at)
        }
    }

    @Test func releasingEndsTheHoldWithoutCharging() throws {
        let change = try Self.wallet(balance: "1", held: "0.30").applying(
            .release(messageID: "m", held: Self.money("0.10"), reason: "send failed: 131026", actor: "gateway"), at: Self.at)
        #expect(change.wallet.balance == Self.money("1"))
        #expect(change.wallet.held == Self.money("0.20"))
        #expect(change.entry.kind == .release)
        #expect(change.entry.amount == Self.money("0.10"))
        #expect(change.entry.heldAfter == Self.money("0.20"))
        #expect(change.entry.reason == "send failed: 131026")
    }

    @Test func releasingMoreThanIsHeldNeverLeavesANegativeHeldTotal() throws {
        let change = try Self.wallet(balance: "1", held: "0.10").applying(
            .release(messageID: "m", held: Self.money("0.50"), reason: "r", actor: "g"), at: Self.at)
        #expect(change.wallet.held == .zero)
    }

    @Test func topUpsAddMoneyAndCarryTheIdempotencyKey() throws {
        let change = try Self.wallet(balance: "1").applying(
            .credit(amount: Self.money("10.00"), kind: .topUp, reason: "top-up", actor: "api:abc", idempotencyKey: "k1"), at: Self.at)
        #expect(change.wallet.balance == Self.money("11"))
        #expect(change.entry.kind == .topUp)
        #expect(change.entry.actor == "api:abc")
        #expect(change.entry.idempotencyKey == "k1")
        #expect(change.entry.balanceAfter == Self.money("11"))
    }

    @Test(
        "credits the ledger refuses",
        arguments: [
            (LedgerEntryKind.topUp, "-1"), (.topUp, "0"), (.adjustment, "0"), (.hold, "1"), (.settle, "1"), (.release, "1"), (.open, "1"),
        ])
    func refusedCredits(kind: LedgerEntryKind, amount: String) {
        #expect(throws: WalletRefusal.self) {
            try Self.wallet(balance: "1").applying(
                .credit(amount: Self.money(amount), kind: kind, reason: "r", actor: "a", idempotencyKey: nil), at: Self.at)
        }
    }

    @Test func adjustmentsGoEitherWayButNeverUncoverTheHolds() throws {
        let wallet = Self.wallet(balance: "5", held: "2")
        let up = try wallet.applying(
            .credit(amount: Self.money("1.5"), kind: .adjustment, reason: "refund", actor: "a", idempotencyKey: nil), at: Self.at)
        #expect(up.wallet.balance == Self.money("6.5"))
        let down = try wallet.applying(
            .credit(amount: Self.money("-3"), kind: .adjustment, reason: "fix", actor: "a", idempotencyKey: nil), at: Self.at)
        #expect(down.wallet.balance == Self.money("2"))
        #expect(down.wallet.available == .zero)
        #expect(down.entry.amount == Self.money("-3"))
        #expect(throws: WalletRefusal.wouldOverdraw(available: Self.money("3"), amount: Self.money("-3.000001"))) {
            try wallet.applying(
                .credit(amount: Self.money("-3.000001"), kind: .adjustment, reason: "fix", actor: "a", idempotencyKey: nil), at: Self.at)
        }
    }

    @Test func aCreditThatWouldLeaveTheRangeIsRefused() {
        let wallet = WalletState(id: "w", currency: "USD", balance: Money.limit)
        #expect(throws: WalletRefusal.self) {
            try wallet.applying(
                .credit(amount: Self.money("0.01"), kind: .topUp, reason: "r", actor: "a", idempotencyKey: nil), at: Self.at)
        }
    }

    @Test func openingSetsTheBalanceAsTheFirstEntry() throws {
        let change = try WalletState(id: "w", currency: "EUR").applying(.open(amount: Self.money("10.00"), actor: "config"), at: Self.at)
        #expect(change.wallet.balance == Self.money("10"))
        #expect(change.entry.kind == .open)
        #expect(change.entry.actor == "config")
        #expect(change.entry.balanceAfter == Self.money("10"))
        #expect(change.notices.isEmpty)
    }

    @Test func anEmptyOpeningIsAnnouncedAsExhausted() throws {
        let change = try WalletState(id: "w", currency: "EUR").applying(.open(amount: .zero, actor: "config"), at: Self.at)
        #expect(change.notices == [.balanceExhausted])
    }

    @Test func balanceLowIsAnnouncedOncePerCrossingAndAgainOnlyAfterMoneyRoseAboveTheThreshold() throws {
        var wallet = Self.wallet(balance: "1.00", low: "0.50")
        var notices: [[WalletNotice]] = []
        func apply(_ command: WalletCommand) throws {
            let change = try wallet.applying(command, at: Self.at)
            wallet = change.wallet
            notices.append(change.notices)
        }
        try apply(Self.hold("0.50", message: "a"))  // available 0.50: not below
        try apply(Self.hold("0.10", message: "b"))  // 0.40: crosses
        try apply(Self.hold("0.10", message: "c"))  // 0.30: still below, said already
        try apply(.release(messageID: "c", held: Self.money("0.10"), reason: "r", actor: "g"))  // 0.40: still below
        try apply(.credit(amount: Self.money("1"), kind: .topUp, reason: "t", actor: "a", idempotencyKey: nil))  // 1.40: cleared
        try apply(Self.hold("1.00", message: "d"))  // 0.40: crosses again
        #expect(notices == [[], [.balanceLow], [], [], [], [.balanceLow]])
    }

    @Test func exhaustionIsAnnouncedOnceAndNotAlsoAsLow() throws {
        var wallet = Self.wallet(balance: "0.10", low: "0.50")
        var change = try wallet.applying(Self.hold("0.10", message: "a"), at: Self.at)
        #expect(change.notices == [.balanceExhausted])
        #expect(change.wallet.lowAnnounced && change.wallet.exhaustedAnnounced)
        wallet = change.wallet
        change = try wallet.applying(
            .settle(messageID: "a", held: Self.money("0.10"), charged: Self.money("0.12"), category: nil, reason: "r", actor: "g"),
            at: Self.at)
        #expect(change.notices.isEmpty)
        wallet = change.wallet
        // Money in above zero but under the threshold: exhaustion clears, low stays announced.
        change = try wallet.applying(
            .credit(amount: Self.money("0.22"), kind: .topUp, reason: "t", actor: "a", idempotencyKey: nil), at: Self.at)
        #expect(change.wallet.available == Self.money("0.20"))
        #expect(change.notices.isEmpty)
        #expect(!change.wallet.exhaustedAnnounced && change.wallet.lowAnnounced)
        wallet = change.wallet
        change = try wallet.applying(Self.hold("0.20", message: "b"), at: Self.at)
        #expect(change.notices == [.balanceExhausted])
    }

    @Test func aWalletWithoutThresholdOnlyAnnouncesExhaustion() throws {
        let change = try Self.wallet(balance: "0.02").applying(Self.hold("0.01"), at: Self.at)
        #expect(change.notices.isEmpty)
        #expect(!change.wallet.lowAnnounced)
    }

    @Test func coversComparesAgainstBalanceMinusHolds() {
        let wallet = Self.wallet(balance: "1", held: "0.4")
        #expect(wallet.available == Self.money("0.6"))
        #expect(wallet.covers(Self.money("0.6")))
        #expect(!wallet.covers(Self.money("0.600001")))
        #expect(!wallet.covers(Money(micros: .min)))
    }

    @Test func walletAndEntryJSONCarryDecimalStrings() throws {
        let change = try Self.wallet(balance: "10", low: "2").applying(Self.hold("0.025"), at: Self.at)
        let wallet = change.wallet.json
        #expect(wallet["balance"]?.string == "10.00")
        #expect(wallet["held"]?.string == "0.025")
        #expect(wallet["available"]?.string == "9.975")
        #expect(wallet["low_threshold"]?.string == "2.00")
        #expect(wallet["currency"]?.string == "USD")
        let entry = change.entry.json
        #expect(entry["kind"]?.string == "hold")
        #expect(entry["amount"]?.string == "0.025")
        #expect(entry["balance_after"]?.string == "10.00")
        #expect(entry["held_after"]?.string == "0.025")
        #expect(entry["message_id"]?.string == "msg_1")
    }
}
