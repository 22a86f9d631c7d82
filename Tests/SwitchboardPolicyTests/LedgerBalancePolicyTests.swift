import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import Testing

@Suite("Prepaid balance from the ledger wallet: balance − held − price ≥ 0")
struct LedgerBalancePolicyTests {
    /// A marketing template outside the window: 0.025 USD.
    private func decide(_ wallet: WalletState, _ message: OutboundMessage = Fx.template("spring_sale"), now: Timestamp = Fx.at(days: 2))
        -> PolicyDecision
    {
        Fx.decide(message, Fx.conversation(.whatsapp), Fx.accountState { $0.wallet = wallet }, now: now)
    }

    @Test("a balance exactly covering one message accepts it; a micro less refuses it")
    func exactlyOneMessage() {
        let exact = decide(Fx.wallet("0.025"))
        #expect(exact.isAllowed)
        #expect(exact.cost.price == Fx.money("0.025"))
        #expect(exact.ledger.wallet?.available == Fx.money("0.025"))
        #expect(decide(Fx.wallet("0.024999")).refusal?.code == "balance_exhausted")
        // The same message with its own hold in place: the next one finds nothing available.
        #expect(decide(Fx.wallet("0.025", held: "0.025")).refusal?.code == "balance_exhausted")
    }

    @Test("held money counts: available = balance − held")
    func heldCounted() throws {
        #expect(decide(Fx.wallet("0.05", held: "0.025")).isAllowed)
        let refused = decide(Fx.wallet("1.00", held: "0.99"))
        let refusal = try #require(refused.refusal)
        #expect(refusal.rule == "prepaid_balance" && refusal.code == "balance_exhausted")
        #expect(
            refusal.message
                == "the prepaid wallet wa-main has 0.01 USD available (balance 1.00 USD, 0.99 USD held for accepted messages "
                + "not yet settled) and this message costs 0.025 USD (marketing)")
        #expect(refusal.remedy?.contains("top up") == true)
        let json = refused.json
        #expect(json["ledger"]?["balance"] == "1.00" && json["ledger"]?["held"] == "0.99")
        #expect(json["ledger"]?["available"] == "0.01" && json["ledger"]?["currency"] == "USD")
        #expect(json["ledger"]?["wallet"] == "wa-main")
    }

    @Test("a free message passes at zero and below (service inside the window, free utility, entry point, Telegram)")
    func freeAtZero() {
        for wallet in [Fx.wallet("0"), Fx.wallet("-3.50"), Fx.wallet("1.00", held: "1.00")] {
            let inside = Fx.at(hours: 1)
            #expect(decide(wallet, Fx.text(.whatsapp), now: inside).isAllowed)
            #expect(decide(wallet, Fx.template("order_update"), now: inside).isAllowed)
            #expect(decide(wallet, Fx.template("order_update"), now: inside).cost.free)
            let telegram = Fx.decide(Fx.text(.telegram), Fx.conversation(.telegram), Fx.accountState { $0.wallet = wallet }, now: inside)
            #expect(telegram.isAllowed)
            var ad = Fx.conversation(.whatsapp)
            ad.referralAt = Fx.t0
            let entry = Fx.decide(Fx.template("spring_sale"), ad, Fx.accountState { $0.wallet = wallet }, now: Fx.at(hours: 2))
            #expect(entry.isAllowed && entry.cost.category == .freeEntryPoint)
        }
        let empty = decide(Fx.wallet("0"), Fx.text(.whatsapp), now: Fx.at(hours: 1))
        #expect(empty.allowedNow == ["free_form", "template:utility"])
    }

    @Test("a price in another currency than the wallet's is refused, not converted")
    func currencyMismatch() throws {
        let euro = WalletState(id: "wa-main", currency: "EUR", balance: Fx.money("100"))
        let refusal = try #require(decide(euro).refusal)
        #expect(refusal.code == "balance_currency_mismatch")
        #expect(refusal.message.contains("in EUR") && refusal.message.contains("priced in USD"))
    }

    @Test("the ledger wallet replaces the configured balance")
    func walletOverridesConfiguredBalance() {
        let account = Fx.accountState {
            $0.prepaidBalances = [Fx.account: 100]
            $0.wallet = Fx.wallet("0")
        }
        #expect(
            Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), account, now: Fx.at(days: 2)).refusal?.code
                == "balance_exhausted")
    }

    @Test("not prepaid: no balance rule, no wallet in the decision")
    func notPrepaid() {
        let decision = Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), now: Fx.at(days: 2))
        #expect(decision.isAllowed)
        #expect(decision.json["ledger"]?["balance"] == nil)
    }
}
