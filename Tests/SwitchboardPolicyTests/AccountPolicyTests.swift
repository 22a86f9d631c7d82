import Foundation
import SwitchboardCore
import SwitchboardPolicy
import Testing

@Suite("Account rules: prepaid balance, contact cap, messaging limit")
struct AccountPolicyTests {
    @Test("configured balance (no ledger wallet): 0 refuses a paid message, exactly the price passes, a cent short refuses")
    func balanceBoundary() throws {
        let message = Fx.template("spring_sale")
        let empty = Fx.accountState { $0.prepaidBalances = [Fx.account: 0] }
        let refused = Fx.decide(message, Fx.conversation(.whatsapp), empty, now: Fx.at(days: 2))
        let refusal = try #require(refused.refusal)
        #expect(refusal.code == "balance_exhausted" && refusal.rule == "prepaid_balance")
        #expect(
            refusal.message
                == "the prepaid wallet 106540352242922 has 0.00 USD available (balance 0.00 USD, 0.00 USD held for accepted "
                + "messages not yet settled) and this message costs 0.025 USD (marketing)")
        #expect(refused.allowedNow.isEmpty)

        let exact = Fx.accountState { $0.prepaidBalances = [Fx.account: Decimal(string: "0.025")!] }
        #expect(Fx.decide(message, Fx.conversation(.whatsapp), exact, now: Fx.at(days: 2)).isAllowed)
        let short = Fx.accountState { $0.prepaidBalances = [Fx.account: Decimal(string: "0.024999")!] }
        #expect(Fx.decide(message, Fx.conversation(.whatsapp), short, now: Fx.at(days: 2)).refusal?.code == "balance_exhausted")
        let negative = Fx.accountState { $0.prepaidBalances = [Fx.account: -5] }
        #expect(Fx.decide(message, Fx.conversation(.whatsapp), negative, now: Fx.at(days: 2)).refusal?.code == "balance_exhausted")
    }

    @Test("balance 0: free messages still go (service inside the window, entry point)")
    func balanceFreeMessages() {
        let empty = Fx.accountState { $0.prepaidBalances = [Fx.account: 0] }
        let decision = Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp), empty, now: Fx.at(hours: 1))
        #expect(decision.isAllowed)
        #expect(decision.allowedNow == ["free_form", "template:utility"])
        let sms = Fx.decide(Fx.text(.sms), Fx.conversation(.sms), Fx.accountState { $0.prepaidBalances = [Fx.account: 0] }, now: Fx.t0)
        #expect(sms.refusal?.code == "balance_exhausted")
    }

    @Test("contact cap: a known contact is served at the cap, a new one refused")
    func contactCap() {
        let known = Fx.accountState {
            $0.contactCap = 100
            $0.knownContacts = 100
            $0.contactIsKnown = true
        }
        #expect(Fx.decide(Fx.text(.telegram), Fx.conversation(.telegram), known, now: Fx.t0).isAllowed)
        var new = known
        new.contactIsKnown = false
        let decision = Fx.decide(Fx.text(.telegram), Fx.conversation(.telegram), new, now: Fx.t0)
        #expect(decision.refusal?.code == "contact_cap_reached")
        #expect(decision.refusal?.message == "the plan allows 100 contacts and the account has 100; a new contact cannot be added")
        new.knownContacts = 99
        #expect(Fx.decide(Fx.text(.telegram), Fx.conversation(.telegram), new, now: Fx.t0).isAllowed)
    }

    @Test("tier 250: the 250th unique contact is allowed (249 reached), the 251st refused (250 reached)")
    func messagingLimit() {
        func account(reached: Int, already: Bool = false) -> AccountState {
            Fx.accountState {
                $0.messagingTier = .tier250
                $0.uniqueBusinessInitiatedContacts24h = reached
                $0.contactReachedInLast24h = already
            }
        }
        let outside = Fx.at(days: 2)
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), account(reached: 249), now: outside).isAllowed)
        let refused = Fx.decide(Fx.template(), Fx.conversation(.whatsapp), account(reached: 250), now: outside)
        #expect(refused.refusal?.code == "messaging_limit_reached")
        #expect(refused.rule == "whatsapp_messaging_limit")
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), account(reached: 250, already: true), now: outside).isAllowed)
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), account(reached: 250), now: Fx.at(hours: 1)).isAllowed)
        #expect(
            Fx.decide(
                Fx.template(), Fx.conversation(.whatsapp),
                Fx.accountState {
                    $0.messagingTier = .unlimited; $0.uniqueBusinessInitiatedContacts24h = 10_000_000
                }, now: outside
            ).isAllowed)
    }
}
