import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import Testing

@Suite("What accepting a message reserves: hold, the conversation's own-send effects, reach")
struct ReservationTests {
    private struct Accepted {
        var decision: PolicyDecision
        var reservation: AcceptReservation
    }

    private func accept(_ message: OutboundMessage, _ conversation: ConversationState, _ account: AccountState, now: Timestamp) -> Accepted
    {
        let decision = Fx.engine.decide(message: message, conversation: conversation, account: account, now: now)
        let reservation = Fx.engine.reservation(
            for: message, id: "m-1", decision: decision, conversation: conversation, account: account, now: now)
        return Accepted(decision: decision, reservation: reservation)
    }

    @Test("a paid WhatsApp template in a wallet: a hold of its price, this recipient's rates, settled by pricing; reach outside the window")
    func paidWhatsApp() throws {
        let card = RateCard(rates: [
            RateCard.Rate(
                callingCode: "1", category: "marketing", price: Fx.money("0.0251"), currency: "USD", effectiveFrom: Fx.at(days: -1)),
            RateCard.Rate(
                callingCode: "1", category: "utility", price: Fx.money("0.0035"), currency: "EUR", effectiveFrom: Fx.at(days: -1)),
        ])
        let account = Fx.accountState {
            $0.wallet = Fx.wallet("1.00")
            $0.rateCard = card
        }
        let accepted = accept(Fx.template("spring_sale"), Fx.conversation(.whatsapp), account, now: Fx.at(days: 2))
        let hold = try #require(accepted.reservation.hold)
        #expect(hold.messageID == "m-1" && hold.wallet == "wa-main" && hold.state == .held)
        #expect(hold.amount == Fx.money("0.0251") && hold.category == "marketing")
        #expect(hold.settlesOn == .pricing)
        // The rate card's marketing rate; utility is priced in EUR there, so the table's USD price is not used either.
        #expect(hold.rates["marketing"] == Fx.money("0.0251"))
        #expect(hold.rates["utility"] == nil)
        #expect(hold.rates["authentication"] == Fx.money("0.004") && hold.rates["service"] == .zero)
        #expect(hold.attachmentBytes == 0 && hold.attachmentMonth == nil)
        #expect(hold.conversation == "whatsapp:106540352242922:16505551234" && hold.createdAt == Fx.at(days: 2))
        #expect(accepted.reservation.reach)
        #expect(accepted.reservation.conversation == nil)
    }

    @Test("a free message reserves nothing; inside the window it does not count as reached")
    func freeMessage() {
        let account = Fx.accountState { $0.wallet = Fx.wallet("0") }
        let accepted = accept(Fx.text(.whatsapp), Fx.conversation(.whatsapp), account, now: Fx.at(hours: 1))
        #expect(accepted.decision.isAllowed)
        #expect(accepted.reservation == AcceptReservation())
    }

    @Test("SMS in a wallet settles on send, with no per-category rates")
    func smsSettlesOnSend() throws {
        let account = Fx.accountState { $0.wallet = Fx.wallet("1.00") }
        let hold = try #require(accept(Fx.text(.sms), Fx.conversation(.sms), account, now: Fx.t0).reservation.hold)
        #expect(hold.amount == Fx.money("0.0079") && hold.settlesOn == .sent && hold.rates.isEmpty)
        #expect(!accept(Fx.text(.sms), Fx.conversation(.sms), account, now: Fx.t0).reservation.reach)
    }

    @Test("attachments reserve their bytes (unknown size = 1 byte) in the hold and the month's count, without a wallet")
    func attachmentBytes() throws {
        let files = [
            Attachment(kind: .document, mimeType: "application/pdf", url: "https://x/a.pdf", size: 1_000),
            Attachment(kind: .document, mimeType: "application/pdf", url: "https://x/b.pdf"),
        ]
        var conversation = Fx.conversation(.email)
        conversation.attachmentBytesByMonth = ["2026-11": 500, "2026-10": 7]
        let accepted = accept(Fx.media(.email, files), conversation, Fx.accountState(), now: Fx.at(hours: 1))
        let hold = try #require(accepted.reservation.hold)
        #expect(hold.wallet == nil && hold.amount == .zero)
        #expect(hold.attachmentBytes == 1_001 && hold.attachmentMonth == "2026-11" && hold.settlesOn == .sent)
        let after = try #require(accepted.reservation.conversation)
        #expect(after.attachmentBytesByMonth == ["2026-11": 1_501, "2026-10": 7])
        #expect(after.lastOutboundAt == conversation.lastOutboundAt)
    }

    @Test("the quota is reached by the gateway's own sends: exactly the quota passes, the next byte is refused")
    func quotaByOwnSends() throws {
        var conversation = Fx.conversation(.email)
        conversation.attachmentBytesByMonth = ["2026-11": 49_999_000]
        let file = Attachment(kind: .document, mimeType: "application/pdf", url: "https://x/a.pdf", size: 1_000)
        let first = accept(Fx.media(.email, [file]), conversation, Fx.accountState(), now: Fx.at(hours: 1))
        #expect(first.decision.isAllowed)
        let after = try #require(first.reservation.conversation)
        #expect(after.attachmentBytesByMonth["2026-11"] == 50_000_000)
        let tiny = Attachment(kind: .document, mimeType: "application/pdf", url: "https://x/b.pdf", size: 1)
        let second = accept(Fx.media(.email, [tiny]), after, Fx.accountState(), now: Fx.at(hours: 2))
        #expect(second.decision.refusal?.code == "attachment_quota_exceeded")
        #expect(second.reservation == AcceptReservation())
    }

    @Test("a private reply is recorded at accept, so a second one to the same comment is refused")
    func privateReply() throws {
        var conversation = Fx.conversation(.instagram, lastInbound: nil)
        conversation.comments = ["c1": Fx.t0]
        var reply = Fx.text(.instagram)
        reply.commentID = "c1"
        let first = accept(reply, conversation, Fx.accountState(), now: Fx.at(hours: 1))
        #expect(first.decision.isAllowed)
        let after = try #require(first.reservation.conversation)
        #expect(after.privateRepliedComments == ["c1"])
        #expect(first.reservation.hold == nil && !first.reservation.reach)
        #expect(accept(reply, after, Fx.accountState(), now: Fx.at(hours: 2)).decision.refusal?.code == "private_reply_used")
    }

    @Test("the business's first reply within 24 h of a referral opens the free entry point; later messages are in it")
    func entryPointOpenedByOwnReply() throws {
        var conversation = Fx.conversation(.whatsapp)
        conversation.referralAt = Fx.t0
        conversation.referralSource = "ad"
        let account = Fx.accountState { $0.wallet = Fx.wallet("0") }
        let first = accept(Fx.text(.whatsapp), conversation, account, now: Fx.at(hours: 2))
        #expect(first.decision.cost.category == .freeEntryPoint)
        let after = try #require(first.reservation.conversation)
        #expect(after.entryPointOpenedAt == Fx.at(hours: 2))
        // 30 h later the service window is closed, but a marketing template is still free (entry point until 74 h).
        let later = accept(Fx.template("spring_sale"), after, account, now: Fx.at(hours: 30))
        #expect(later.decision.isAllowed && later.decision.cost.category == .freeEntryPoint)
        #expect(later.reservation.hold == nil && later.reservation.reach)
        // A reply after 24 h opens nothing.
        let late = accept(Fx.text(.whatsapp), conversation, Fx.accountState(), now: Fx.at(hours: 24, minutes: 1))
        #expect(late.reservation.conversation == nil)
    }

    @Test("a refused decision and a sender action reserve nothing")
    func nothingReserved() {
        let refused = accept(Fx.text(.whatsapp), Fx.conversation(.whatsapp), Fx.accountState(), now: Fx.at(days: 2))
        #expect(!refused.decision.isAllowed && refused.reservation == AcceptReservation())
        let typing = OutboundMessage(
            channel: .whatsapp, account: Fx.account, to: "16505551234", content: MessageContent(type: .action, action: ["typing": true]))
        let action = accept(typing, Fx.conversation(.whatsapp), Fx.accountState { $0.wallet = Fx.wallet("1") }, now: Fx.at(days: 2))
        #expect(action.reservation == AcceptReservation())
    }
}
