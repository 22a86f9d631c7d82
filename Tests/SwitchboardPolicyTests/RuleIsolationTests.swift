import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import Testing

/// Each rule is a unit on its own: an engine holding only that rule refuses its scenario with its code, and
/// the same scenario passes an engine holding every other rule but that one is not the reason.
@Suite("Each rule alone")
struct RuleIsolationTests {
    struct Scenario: Sendable, CustomTestStringConvertible {
        var rule: String
        var code: String
        var message: OutboundMessage
        var conversation: ConversationState
        var account: AccountState
        var now: Timestamp
        var testDescription: String { rule }
    }

    static let scenarios: [Scenario] = {
        var list: [Scenario] = []
        func add(
            _ rule: String, _ code: String, _ message: OutboundMessage, _ conversation: ConversationState,
            _ account: AccountState = Fx.accountState(), now: Timestamp = Fx.at(hours: 1)
        ) {
            list.append(Scenario(rule: rule, code: code, message: message, conversation: conversation, account: account, now: now))
        }
        add("blocklist", "blocklisted", Fx.text(.email), Fx.conversation(.email), Fx.accountState { $0.blocklisted = true })
        var blocked = Fx.conversation(.messenger)
        blocked.blocked = true
        add("contact_reachability", "contact_unreachable", Fx.text(.messenger), blocked)
        add("telegram_started", "telegram_not_started", Fx.text(.telegram), Fx.conversation(.telegram, lastInbound: nil))
        var stopped = Fx.conversation(.sms)
        stopped.optedOut = true
        add("sms_opt_out", "sms_opted_out", Fx.text(.sms), stopped)
        var noMarketing = Fx.conversation(.whatsapp)
        noMarketing.optedOut = true
        add("whatsapp_marketing_opt_out", "marketing_opted_out", Fx.template("spring_sale"), noMarketing)
        add(
            "consent", "consent_missing", Fx.template(), Fx.conversation(.whatsapp), Fx.accountState { $0.consentRequired = true },
            now: Fx.at(days: 2))
        add(
            "account_restriction", "account_restricted", Fx.template(), Fx.conversation(.whatsapp),
            Fx.accountState {
                $0.status.restrictions = [.init(type: "RESTRICTED_BIZ_INITIATED_MESSAGING", expiresAt: Fx.at(days: 5))]
            }, now: Fx.at(days: 2))
        var reply = Fx.text(.instagram)
        reply.commentID = "c1"
        add("private_reply", "comment_unknown", reply, Fx.conversation(.instagram))
        add("whatsapp_window", "window_closed", Fx.text(.whatsapp), Fx.conversation(.whatsapp), now: Fx.at(days: 2))
        add("messenger_window", "window_closed", Fx.text(.messenger), Fx.conversation(.messenger), now: Fx.at(days: 2))
        add("instagram_window", "window_closed", Fx.text(.instagram), Fx.conversation(.instagram), now: Fx.at(days: 2))
        add("template_approval", "template_not_approved", Fx.template("unknown"), Fx.conversation(.whatsapp))
        add("template_header_media", "template_header_media", Fx.template("product_video"), Fx.conversation(.whatsapp))
        add("text_length", "text_too_long", Fx.text(.sms, String(repeating: "a", count: 1601)), Fx.conversation(.sms))
        let gif = Attachment(kind: .image, mimeType: "image/gif", url: "https://x/a.gif", size: 10)
        add("attachment_types", "attachment_type", Fx.media(.whatsapp, [gif]), Fx.conversation(.whatsapp))
        var full = Fx.conversation(.email)
        full.attachmentBytesByMonth = ["2026-11": 50_000_000]
        add("attachment_quota", "attachment_quota_exceeded", Fx.media(.email, [gif]), full)
        add(
            "plan_contact_cap", "contact_cap_reached", Fx.text(.email), Fx.conversation(.email),
            Fx.accountState {
                $0.contactCap = 1
                $0.knownContacts = 1
                $0.contactIsKnown = false
            })
        add(
            "whatsapp_messaging_limit", "messaging_limit_reached", Fx.template(), Fx.conversation(.whatsapp),
            Fx.accountState {
                $0.messagingTier = .tier2K
                $0.uniqueBusinessInitiatedContacts24h = 2000
            }, now: Fx.at(days: 2))
        add(
            "prepaid_balance", "balance_exhausted", Fx.text(.sms), Fx.conversation(.sms),
            Fx.accountState { $0.prepaidBalances = [Fx.account: 0] })
        return list
    }()

    @Test("every standard rule has a scenario here")
    func coverage() {
        #expect(Set(Self.scenarios.map(\.rule)) == Set(PolicyEngine.standardRules.map(\.name)))
    }

    @Test("the rule alone refuses its scenario; the engine without it does not refuse for that reason", arguments: scenarios)
    func alone(scenario: Scenario) throws {
        let rule = try #require(PolicyEngine().rule(named: scenario.rule))
        let alone = PolicyEngine(configuration: .standard, rules: [rule]).decide(
            message: scenario.message, conversation: scenario.conversation, account: scenario.account, now: scenario.now)
        #expect(alone.refusal?.code == scenario.code)
        #expect(alone.rule == scenario.rule)
        let others = PolicyEngine(configuration: .standard, rules: PolicyEngine.standardRules.filter { $0.name != scenario.rule })
            .decide(message: scenario.message, conversation: scenario.conversation, account: scenario.account, now: scenario.now)
        #expect(others.refusal?.code != scenario.code)
    }
}
