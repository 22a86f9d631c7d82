import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import Testing

@Suite("Policy at dispatch: what can change while a message waits, and not what accept reserved")
struct DispatchDecisionTests {
    private func dispatch(_ message: OutboundMessage, _ conversation: ConversationState, _ account: AccountState, now: Timestamp)
        -> PolicyDecision
    {
        Fx.engine.decideAtDispatch(message: message, conversation: conversation, account: account, now: now)
    }

    @Test("the dispatch rules are standard rules, and the reserved ones are not among them")
    func ruleSet() {
        let names = Set(PolicyEngine.standardRules.map(\.name))
        #expect(PolicyEngine.dispatchRuleNames.isSubset(of: names))
        for reserved in ["prepaid_balance", "attachment_quota", "private_reply", "whatsapp_messaging_limit", "plan_contact_cap"] {
            #expect(!PolicyEngine.dispatchRuleNames.contains(reserved))
        }
    }

    @Test("free-form text accepted inside the window is refused when it waited past the window's end")
    func windowClosedWhileWaiting() throws {
        let accepted = Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp), now: Fx.at(hours: 23, minutes: 59))
        #expect(accepted.isAllowed)
        #expect(dispatch(Fx.text(.whatsapp), Fx.conversation(.whatsapp), Fx.accountState(), now: Fx.at(hours: 23, minutes: 59)).isAllowed)
        let refusal = try #require(
            dispatch(Fx.text(.whatsapp), Fx.conversation(.whatsapp), Fx.accountState(), now: Fx.at(hours: 24)).refusal)
        #expect(refusal.code == "window_closed" && refusal.rule == "whatsapp_window" && refusal.remedy == "send an approved template")
    }

    @Test("a template paused meanwhile, a contact blocked or opted out meanwhile, a restriction: refused")
    func changedMeanwhile() {
        let now = Fx.at(days: 2)
        let paused = Fx.accountState { $0.catalog = Fx.catalog([Fx.record("spring_sale", status: "PAUSED")]) }
        #expect(dispatch(Fx.template("spring_sale"), Fx.conversation(.whatsapp), paused, now: now).refusal?.code == "template_paused")
        let blocked = Fx.accountState { $0.contact.blocked = true }
        #expect(dispatch(Fx.template(), Fx.conversation(.whatsapp), blocked, now: now).refusal?.code == "blocklisted")
        var stopped = Fx.conversation(.sms)
        stopped.optedOut = true
        #expect(dispatch(Fx.text(.sms), stopped, Fx.accountState(), now: now).refusal?.code == "sms_opted_out")
        let revoked = Fx.accountState { $0.consentRequired = true }
        #expect(dispatch(Fx.template(), Fx.conversation(.whatsapp), revoked, now: now).refusal?.code == "consent_missing")
        let restricted = Fx.accountState {
            $0.status.restrictions = [.init(type: "RESTRICTED_BIZ_INITIATED_MESSAGING", expiresAt: Fx.at(days: 3))]
        }
        #expect(dispatch(Fx.template(), Fx.conversation(.whatsapp), restricted, now: now).refusal?.code == "account_restricted")
        var kicked = Fx.conversation(.telegram)
        kicked.blocked = true
        #expect(dispatch(Fx.text(.telegram), kicked, Fx.accountState(), now: now).refusal?.code == "telegram_blocked")
        var unreachable = Fx.conversation(.messenger)
        unreachable.blocked = true
        #expect(dispatch(Fx.text(.messenger), unreachable, Fx.accountState(), now: Fx.at(hours: 1)).refusal?.code == "contact_unreachable")
    }

    @Test("what accept reserved is not asked again: empty wallet, full quota, used private reply, cap, messaging limit")
    func reservedNotAskedAgain() {
        let now = Fx.at(days: 2)
        let broke = Fx.accountState { $0.wallet = Fx.wallet("0.025", held: "0.025") }
        #expect(Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), broke, now: now).refusal?.code == "balance_exhausted")
        #expect(dispatch(Fx.template("spring_sale"), Fx.conversation(.whatsapp), broke, now: now).isAllowed)

        var full = Fx.conversation(.email)
        full.attachmentBytesByMonth = ["2026-11": 50_000_000]
        let file = Attachment(kind: .document, mimeType: "application/pdf", url: "https://x/a.pdf", size: 1_000)
        #expect(dispatch(Fx.media(.email, [file]), full, Fx.accountState(), now: now).isAllowed)

        var replied = Fx.conversation(.instagram, lastInbound: nil)
        replied.comments = ["c1": Fx.t0]
        replied.privateRepliedComments = ["c1"]
        var reply = Fx.text(.instagram)
        reply.commentID = "c1"
        #expect(dispatch(reply, replied, Fx.accountState(), now: Fx.at(hours: 1)).isAllowed)

        let capped = Fx.accountState {
            $0.contactCap = 1
            $0.knownContacts = 1
            $0.contactIsKnown = false
            $0.messagingTier = .tier250
            $0.uniqueBusinessInitiatedContacts24h = 250
        }
        #expect(dispatch(Fx.template(), Fx.conversation(.whatsapp), capped, now: now).isAllowed)
    }
}
