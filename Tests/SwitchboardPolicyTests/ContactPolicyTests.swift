import SwitchboardCore
import SwitchboardPolicy
import Testing

@Suite("Contact rules: Telegram start, SMS STOP, blocklist, consent, reachability")
struct ContactPolicyTests {
    @Test("Telegram: a contact who never started the bot is refused, nothing is allowed")
    func telegramNeverStarted() throws {
        let state = Fx.conversation(.telegram, contact: "123456789", lastInbound: nil)
        let decision = Fx.decide(Fx.text(.telegram, to: "123456789"), state, now: Fx.t0)
        let refusal = try #require(decision.refusal)
        #expect(refusal.code == "telegram_not_started" && refusal.rule == "telegram_started")
        #expect(decision.allowedNow.isEmpty)
    }

    @Test("Telegram: started bots can message any time later; blocked ones cannot; groups need no start")
    func telegramStartedAndBlocked() {
        var state = Fx.conversation(.telegram, contact: "123456789")
        #expect(Fx.decide(Fx.text(.telegram, to: "123456789"), state, now: Fx.at(days: 30)).isAllowed)
        state.blocked = true
        #expect(Fx.decide(Fx.text(.telegram, to: "123456789"), state, now: Fx.at(days: 30)).refusal?.code == "telegram_blocked")
        let group = Fx.conversation(.telegram, contact: "-1001234567890", lastInbound: nil)
        #expect(
            Fx.decide(Fx.text(.telegram, to: "-1001234567890"), group, Fx.accountState { $0.recipientIsGroup = true }, now: Fx.t0)
                .isAllowed)
        // Whether a chat is a group is the adapter's answer (`isGroup(recipient:)`), not the policy's reading of the id.
        #expect(Fx.decide(Fx.text(.telegram, to: "-1001234567890"), group, now: Fx.t0).refusal?.code == "telegram_not_started")
    }

    @Test("SMS: refused after STOP, allowed again after START")
    func smsStopThenStart() throws {
        var state = Fx.conversation(.sms, contact: "+16505551234")
        state.optedOut = true
        state.optedOutAt = Fx.at(hours: 1)
        let stopped = Fx.decide(Fx.text(.sms, to: "+16505551234"), state, now: Fx.at(hours: 3))
        let refusal = try #require(stopped.refusal)
        #expect(refusal.code == "sms_opted_out")
        #expect(refusal.message.hasPrefix("the number texted STOP 2 h ago"))
        #expect(stopped.allowedNow.isEmpty)
        // START: the store clears the opt-out.
        state.optedOut = false
        let started = Fx.decide(Fx.text(.sms, to: "+16505551234"), state, now: Fx.at(hours: 4))
        #expect(started.isAllowed && started.rule == "sms_opt_out")
    }

    @Test("a blocklisted contact gets nothing, on any channel", arguments: Channel.allCases)
    func blocklist(channel: Channel) {
        let account = Fx.accountState { $0.blocklisted = true }
        let decision = Fx.decide(Fx.text(channel), Fx.conversation(channel), account, now: Fx.at(hours: 1))
        #expect(decision.refusal?.code == "blocklisted")
        #expect(decision.allowedNow.isEmpty)
    }

    @Test("consent: required for business-initiated messages only, and withdrawn by a later opt-out")
    func consent() {
        let account = Fx.accountState { $0.consentRequired = true }
        var state = Fx.conversation(.whatsapp)
        #expect(Fx.decide(Fx.template(), state, account, now: Fx.at(hours: 2)).isAllowed)
        let missing = Fx.decide(Fx.template(), state, account, now: Fx.at(days: 2))
        #expect(missing.refusal?.code == "consent_missing")
        state.consentAt = Fx.t0
        #expect(Fx.decide(Fx.template(), state, account, now: Fx.at(days: 2)).isAllowed)
        state.optedOut = true
        state.optedOutAt = Fx.at(days: 1)
        #expect(Fx.decide(Fx.template(), state, account, now: Fx.at(days: 2)).refusal?.code == "consent_missing")
    }

    @Test("a contact who blocked the Page is refused")
    func unreachable() {
        var state = Fx.conversation(.messenger)
        state.blocked = true
        #expect(Fx.decide(Fx.text(.messenger), state, now: Fx.at(hours: 1)).refusal?.code == "contact_unreachable")
    }
}
