import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import Testing

@Suite("Account status and contact flags: restriction, provider tier, operator cap, block, consent, marketing stop")
struct AccountStatusPolicyTests {
    private static let restricted = AccountStatus.Restriction(type: "RESTRICTED_BIZ_INITIATED_MESSAGING", expiresAt: Fx.at(days: 5))

    @Test("a business-initiated restriction refuses until its expiry, and not at it")
    func restrictionExpiry() throws {
        let account = Fx.accountState { $0.status.restrictions = [Self.restricted] }
        let before = Fx.decide(Fx.template(), Fx.conversation(.whatsapp), account, now: Fx.at(minutes: -1, days: 5))
        let refusal = try #require(before.refusal)
        #expect(refusal.rule == "account_restriction" && refusal.code == "account_restricted")
        #expect(refusal.message.contains("until 2026-11-15T10:00:00Z (in 1 min)"))
        #expect(before.allowedNow.isEmpty)
        #expect(before.json["ledger"]?["restrictions"]?[0]?["type"] == "RESTRICTED_BIZ_INITIATED_MESSAGING")
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), account, now: Fx.at(days: 5)).isAllowed)
        // A reply to a contact who wrote within 24 h is not business-initiated.
        #expect(Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp), account, now: Fx.at(hours: 23)).isAllowed)
        // No expiry: in force; another restriction type: not this rule's.
        let open = Fx.accountState { $0.status.restrictions = [.init(type: "RESTRICTED_BIZ_INITIATED_MESSAGING", expiresAt: nil)] }
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), open, now: Fx.at(days: 400)).refusal?.code == "account_restricted")
        let other = Fx.accountState { $0.status.restrictions = [.init(type: "RESTRICTED_ADD_PHONE_NUMBER_ACTION", expiresAt: nil)] }
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), other, now: Fx.at(days: 2)).isAllowed)
    }

    @Test("the provider's tier overrides the configured one; an unknown tier name leaves the configured one")
    func providerTier() {
        func account(configured: MessagingTier, provider: String?) -> AccountState {
            Fx.accountState {
                $0.messagingTier = configured
                $0.status.messagingTier = provider
                $0.uniqueBusinessInitiatedContacts24h = 250
            }
        }
        let outside = Fx.at(days: 2)
        let lowered = Fx.decide(
            Fx.template(), Fx.conversation(.whatsapp), account(configured: .unlimited, provider: "TIER_250"), now: outside)
        #expect(lowered.refusal?.code == "messaging_limit_reached")
        #expect(lowered.json["ledger"]?["messaging_limit"]?["tier"] == "TIER_250")
        #expect(lowered.json["ledger"]?["messaging_limit"]?["left"] == .int(0))
        let raised = account(configured: .tier250, provider: "UNLIMITED")
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), raised, now: outside).isAllowed)
        let unknown = account(configured: .tier250, provider: "TIER_1K")
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), unknown, now: outside).refusal?.code == "messaging_limit_reached")
    }

    @Test("the operator's contact cap overrides the configured one, including removing it")
    func operatorCap() {
        let base = Fx.accountState {
            $0.contactCap = 100
            $0.knownContacts = 5
            $0.contactIsKnown = false
        }
        var lowered = base
        lowered.status.contactCap = 5
        lowered.status.contactCapSet = true
        let refused = Fx.decide(Fx.text(.telegram), Fx.conversation(.telegram), lowered, now: Fx.t0)
        #expect(refused.refusal?.code == "contact_cap_reached")
        #expect(refused.json["ledger"]?["contact_cap"]?["limit"] == .int(5) && refused.json["ledger"]?["contact_cap"]?["used"] == .int(5))
        var removed = base
        removed.contactCap = 5
        removed.status.contactCapSet = true
        let allowed = Fx.decide(Fx.text(.telegram), Fx.conversation(.telegram), removed, now: Fx.t0)
        #expect(allowed.isAllowed && allowed.json["ledger"]?["contact_cap"] == nil)
    }

    @Test("an operator block refuses everything with its reason")
    func operatorBlock() throws {
        let account = Fx.accountState { $0.contact = ContactFlags(blocked: true, blockedReason: "asked by phone") }
        let decision = Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp), account, now: Fx.at(hours: 1))
        let refusal = try #require(decision.refusal)
        #expect(refusal.code == "blocklisted" && refusal.message == "16505551234 was blocked by the operator (asked by phone)")
        #expect(refusal.remedy?.contains("DELETE /v1/conversations/whatsapp:106540352242922:16505551234/block") == true)
        #expect(decision.allowedNow.isEmpty)
    }

    @Test("a recorded consent satisfies the consent rule until a later opt-out")
    func consentRecord() {
        let record = ConsentRecord(source: "web_form", evidence: "I agree", at: Fx.at(hours: -5), actor: "api:k1")
        let withConsent = Fx.accountState {
            $0.consentRequired = true
            $0.contact = ContactFlags(consent: record)
        }
        let outside = Fx.at(days: 2)
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), withConsent, now: outside).isAllowed)
        var optedOut = Fx.conversation(.whatsapp)
        optedOut.optedOut = true
        optedOut.optedOutAt = Fx.at(hours: -1)
        #expect(Fx.decide(Fx.template(), optedOut, withConsent, now: outside).refusal?.code == "consent_missing")
        let revoked = Fx.accountState { $0.consentRequired = true }
        #expect(Fx.decide(Fx.template(), Fx.conversation(.whatsapp), revoked, now: outside).refusal?.code == "consent_missing")
    }

    @Test("a recorded 131050 refuses marketing templates, not utility ones, until a later opt-in")
    func marketingStop() {
        let note = AccountStatus.ProblemNote(code: "131050", message: "user stopped marketing", at: Fx.at(hours: -3))
        let account = Fx.accountState { $0.contact = ContactFlags(providerProblem: note) }
        let outside = Fx.at(days: 2)
        let refused = Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), account, now: outside)
        #expect(refused.refusal?.code == "marketing_opted_out" && refused.rule == "whatsapp_marketing_opt_out")
        #expect(Fx.decide(Fx.template("order_update"), Fx.conversation(.whatsapp), account, now: outside).isAllowed)
        var resumed = Fx.conversation(.whatsapp)
        resumed.consentAt = Fx.at(hours: -1)
        #expect(Fx.decide(Fx.template("spring_sale"), resumed, account, now: outside).isAllowed)
        let limit = Fx.accountState {
            $0.contact = ContactFlags(providerProblem: .init(code: "131049", message: nil, at: Fx.at(hours: -3)))
        }
        #expect(Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), limit, now: outside).isAllowed)
    }

    @Test("applying a ledger snapshot takes its wallet, catalog, status, flags and counters")
    func applyingSnapshot() {
        let snapshot = LedgerSnapshot(
            conversation: Fx.conversation(.whatsapp), contact: ContactFlags(blocked: true), wallet: Fx.wallet("2.00", held: "0.50"),
            knownContacts: 7, contactIsKnown: false, reachedContacts: 12, contactReached: true,
            account: AccountStatus(messagingTier: "TIER_2K", contactCap: 9, contactCapSet: true),
            catalog: Fx.catalog([Fx.record("spring_sale")]))
        let state = Fx.accountState().applying(snapshot)
        #expect(state.wallet == snapshot.wallet && state.catalog == snapshot.catalog && state.status == snapshot.account)
        #expect(state.contact.blocked && state.knownContacts == 7 && !state.contactIsKnown)
        #expect(state.uniqueBusinessInitiatedContacts24h == 12 && state.contactReachedInLast24h)
        #expect(state.templates == Fx.accountState().templates)
    }
}
