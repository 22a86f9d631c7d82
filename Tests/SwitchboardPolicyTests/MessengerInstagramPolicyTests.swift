import SwitchboardCore
import SwitchboardPolicy
import Testing

@Suite("Messenger and Instagram windows, tags and private replies")
struct MessengerInstagramPolicyTests {
    private func tagged(_ channel: Channel, _ tag: String?, promotional: Bool? = nil) -> OutboundMessage {
        var message = Fx.text(channel, to: "6543210987654321")
        message.tag = tag
        message.promotional = promotional
        return message
    }

    private func conversation(_ channel: Channel) -> ConversationState { Fx.conversation(channel, contact: "6543210987654321") }

    @Test("Messenger without a tag: inside 24 h allowed, at 25 h refused with HUMAN_AGENT as the remedy")
    func messengerStandardWindow() throws {
        #expect(Fx.decide(tagged(.messenger, nil), conversation(.messenger), now: Fx.at(hours: 23, minutes: 59)).isAllowed)
        let decision = Fx.decide(tagged(.messenger, nil), conversation(.messenger), now: Fx.at(hours: 25))
        let refusal = try #require(decision.refusal)
        #expect(refusal.code == "window_closed" && refusal.rule == "messenger_window")
        #expect(refusal.message.hasPrefix("the 24 h standard window closed 1 h ago"))
        #expect(refusal.remedy?.contains("HUMAN_AGENT (allowed until 2026-11-17T10:00:00Z)") == true)
        #expect(decision.allowedNow.first == "tag:HUMAN_AGENT until 2026-11-17T10:00:00Z")
    }

    @Test("HUMAN_AGENT on day 7 is allowed, on day 8 refused", arguments: [Channel.messenger, .instagram])
    func humanAgentDay7VersusDay8(channel: Channel) throws {
        let day7 = Fx.decide(tagged(channel, "HUMAN_AGENT"), conversation(channel), now: Fx.at(hours: 23, days: 6))
        #expect(day7.isAllowed)
        #expect(day7.rule == "\(channel.rawValue)_window")
        let day8 = Fx.decide(tagged(channel, "HUMAN_AGENT"), conversation(channel), now: Fx.at(hours: 1, days: 7))
        let refusal = try #require(day8.refusal)
        #expect(refusal.code == "human_agent_expired")
        #expect(refusal.message.contains("up to 7 days after the contact's last message, which was 7 days 1 h ago"))
    }

    @Test("Messenger after 7 days: only non-promotional tags, declared promotional: false")
    func messengerNonPromotionalTags() {
        let now = Fx.at(days: 10)
        #expect(Fx.decide(tagged(.messenger, "ACCOUNT_UPDATE", promotional: false), conversation(.messenger), now: now).isAllowed)
        let undeclared = Fx.decide(tagged(.messenger, "ACCOUNT_UPDATE"), conversation(.messenger), now: now)
        #expect(undeclared.refusal?.code == "promotional_undeclared")
        let promotional = Fx.decide(tagged(.messenger, "POST_PURCHASE_UPDATE", promotional: true), conversation(.messenger), now: now)
        #expect(promotional.refusal?.code == "tag_promotional")
        let unknown = Fx.decide(tagged(.messenger, "GAME_EVENT", promotional: false), conversation(.messenger), now: now)
        #expect(unknown.refusal?.code == "tag_not_allowed")
        let untagged = Fx.decide(tagged(.messenger, nil), conversation(.messenger), now: now)
        #expect(
            untagged.refusal?.remedy
                == "use a non-promotional tag (ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE or POST_PURCHASE_UPDATE) with promotional: false, or wait for the contact to write"
        )
        #expect(
            untagged.allowedNow == [
                "tag:ACCOUNT_UPDATE (non-promotional)", "tag:CONFIRMED_EVENT_UPDATE (non-promotional)",
                "tag:POST_PURCHASE_UPDATE (non-promotional)",
            ])
    }

    @Test("Instagram knows no tag but HUMAN_AGENT, and nothing after 7 days")
    func instagramTags() {
        let decision = Fx.decide(tagged(.instagram, "ACCOUNT_UPDATE", promotional: false), conversation(.instagram), now: Fx.at(days: 2))
        #expect(decision.refusal?.code == "tag_not_allowed")
        let late = Fx.decide(tagged(.instagram, nil), conversation(.instagram), now: Fx.at(days: 9))
        #expect(late.refusal?.code == "window_closed")
        #expect(late.allowedNow.isEmpty)
    }

    @Test("a promotional HUMAN_AGENT message is refused")
    func promotionalHumanAgent() {
        let decision = Fx.decide(tagged(.messenger, "HUMAN_AGENT", promotional: true), conversation(.messenger), now: Fx.at(days: 2))
        #expect(decision.refusal?.code == "tag_promotional")
    }

    private func commentConversation(repliedAlready: Bool = false) -> ConversationState {
        var state = Fx.conversation(.instagram, contact: "6543210987654321", lastInbound: nil)
        state.comments = ["17858893269000001": Fx.t0]
        if repliedAlready { state.privateRepliedComments = ["17858893269000001"] }
        return state
    }

    private func privateReply() -> OutboundMessage {
        var message = Fx.text(.instagram, "Thanks! Sending details here.", to: "6543210987654321")
        message.commentID = "17858893269000001"
        return message
    }

    @Test("one private reply per comment: the first is allowed, the second refused")
    func privateReplyTwice() throws {
        let first = Fx.decide(privateReply(), commentConversation(), now: Fx.at(hours: 3))
        #expect(first.isAllowed)
        #expect(first.rule == "private_reply")
        #expect(first.allowedNow == ["private_reply:17858893269000001 until 2026-11-17T10:00:00Z"])
        let second = Fx.decide(privateReply(), commentConversation(repliedAlready: true), now: Fx.at(hours: 4))
        let refusal = try #require(second.refusal)
        #expect(refusal.code == "private_reply_used")
        #expect(second.allowedNow.isEmpty)
    }

    @Test("a private reply 7 days after the comment, or to an unknown comment, is refused")
    func privateReplyLimits() {
        #expect(Fx.decide(privateReply(), commentConversation(), now: Fx.at(hours: 23, days: 6)).isAllowed)
        let late = Fx.decide(privateReply(), commentConversation(), now: Fx.at(days: 7))
        #expect(late.refusal?.code == "private_reply_expired")
        var unknown = privateReply()
        unknown.commentID = "1"
        #expect(Fx.decide(unknown, commentConversation(), now: Fx.at(hours: 1)).refusal?.code == "comment_unknown")
    }
}
