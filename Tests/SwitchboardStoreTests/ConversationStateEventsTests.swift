import SwitchboardCore
import TestSupport
import Testing

@Suite("ConversationState.apply")
struct ConversationStateEventsTests {
    func event(_ type: String, at seconds: Int64, channel: Channel = .whatsapp) -> CanonicalEvent {
        CanonicalEvent(
            kind: .event, channel: channel, provider: .meta, account: "1", timestamp: Timestamp(seconds: seconds),
            contact: Contact(id: "2"),
            event: EventDetail(type: type))
    }

    @Test("inbound messages move the last inbound time forward only")
    func lastInbound() {
        var state = ConversationState(channel: .whatsapp, account: "1", contact: "2")
        state.apply(SampleEvents.inboundMessage("a", contact: "2", seconds: 200))
        state.apply(SampleEvents.inboundMessage("b", contact: "2", seconds: 100))
        #expect(state.lastInboundAt == Timestamp(seconds: 200))
    }

    @Test("a referral opens the entry point; the first reply within 24 h starts it")
    func referral() {
        var state = ConversationState(channel: .whatsapp, account: "1", contact: "2")
        var message = SampleEvents.inboundMessage("r", contact: "2", seconds: 1000)
        message.referral = Referral(sourceType: "ad", sourceID: "42")
        state.apply(message)
        #expect(state.referralAt == Timestamp(seconds: 1000))
        #expect(state.referralSource == "ad")
        var reply = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: "1", direction: .outbound, timestamp: Timestamp(seconds: 2000),
            contact: Contact(id: "2"), echo: true, content: .text("hi"))
        state.apply(reply)
        #expect(state.entryPointOpenedAt == Timestamp(seconds: 2000))
        reply.timestamp = Timestamp(seconds: 3000)
        state.apply(reply)
        #expect(state.entryPointOpenedAt == Timestamp(seconds: 2000))
    }

    @Test("opt-out, opt-in, block and unblock")
    func consentAndBlocking() {
        var state = ConversationState(channel: .telegram, account: "1", contact: "2")
        state.apply(event("opt_in", at: 10, channel: .telegram))
        #expect(state.consentAt == Timestamp(seconds: 10))
        state.apply(event("opt_out", at: 20, channel: .telegram))
        #expect(state.optedOut)
        #expect(state.optedOutAt == Timestamp(seconds: 20))
        state.apply(event("opt_in", at: 30, channel: .telegram))
        #expect(!state.optedOut)
        state.apply(event("contact_blocked", at: 40, channel: .telegram))
        #expect(state.blocked)
        state.apply(event("contact_unblocked", at: 50, channel: .telegram))
        #expect(!state.blocked)
        #expect(state.started)
    }

    @Test("comments are remembered for the private-reply window")
    func comments() {
        var state = ConversationState(channel: .instagram, account: "1", contact: "2")
        let comment = CanonicalEvent(
            kind: .message, channel: .instagram, provider: .meta, account: "1", timestamp: Timestamp(seconds: 77),
            contact: Contact(id: "2"),
            content: MessageContent(type: .comment, text: "nice", comment: CommentReference(id: "c1", postID: "p1")))
        state.apply(comment)
        #expect(state.comments == ["c1": Timestamp(seconds: 77)])
    }
}
