import Foundation
import SwitchboardCore
import SwitchboardLedger
import Testing

@testable import SwitchboardPolicy

@Suite("WhatsApp window, entry point and templates")
struct WhatsAppPolicyTests {
    @Test("free-form text at 23:59 after the last inbound message is allowed")
    func windowOpenAt2359() {
        let decision = Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp), now: Fx.at(hours: 23, minutes: 59))
        #expect(decision.isAllowed)
        #expect(decision.rule == "whatsapp_window")
        #expect(decision.message.contains("closes in 1 min"))
        #expect(decision.window.closesAt == Fx.at(hours: 24))
        #expect(decision.allowedNow == ["free_form", "template"])
        #expect(decision.cost.category == .service && decision.cost.free)
    }

    @Test("free-form text at 24:01 is refused with the time since the window closed and the remedy")
    func windowClosedAt2401() throws {
        let decision = Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp), now: Fx.at(hours: 24, minutes: 1))
        let refusal = try #require(decision.refusal)
        #expect(refusal.code == "window_closed")
        #expect(refusal.rule == "whatsapp_window")
        #expect(refusal.message.hasPrefix("the 24 h customer-service window closed 1 min ago"))
        #expect(refusal.remedy == "send an approved template")
        #expect(decision.allowedNow == ["template"])
        #expect(decision.window.closedAt == Fx.at(hours: 24))
    }

    @Test("the window is half-open: closed at exactly 24 h")
    func windowClosedAtExactly24h() {
        let rule = WhatsAppWindowRule()
        let context = PolicyContext(
            message: Fx.text(.whatsapp), conversation: Fx.conversation(.whatsapp), account: Fx.accountState(),
            now: Fx.at(hours: 24), configuration: .standard)
        guard case .refuse(let refusal) = rule.evaluate(context) else {
            Issue.record("expected a refusal at exactly 24 h")
            return
        }
        #expect(refusal.message.contains("closed 0 s ago"))
    }

    @Test("a contact who never wrote has no window")
    func neverWrote() {
        let decision = Fx.decide(Fx.text(.whatsapp), Fx.conversation(.whatsapp, lastInbound: nil), now: Fx.t0)
        #expect(decision.refusal?.code == "window_closed")
        #expect(decision.message.contains("never written"))
    }

    @Test("a configured window length is used in the decision and its text")
    func configuredWindow() {
        var configuration = PolicyConfiguration()
        configuration.serviceWindow = .seconds(12 * 3600)
        let engine = PolicyEngine(configuration: configuration)
        let decision = engine.decide(
            message: Fx.text(.whatsapp), conversation: Fx.conversation(.whatsapp), account: Fx.accountState(), now: Fx.at(hours: 13))
        #expect(decision.refusal?.message.hasPrefix("the 12 h customer-service window closed 1 h ago") == true)
    }

    @Test("an approved template outside the window is allowed and priced by its approved category")
    func templateOutsideWindow() {
        let decision = Fx.decide(Fx.template("spring_sale"), Fx.conversation(.whatsapp), now: Fx.at(days: 3))
        #expect(decision.isAllowed)
        #expect(decision.rule == "whatsapp_window")
        #expect(decision.cost.category == .marketing)
        #expect(decision.cost.price == Money(decimalString: "0.025"))
        #expect(!decision.cost.free)
    }

    @Test("a utility template inside the window is free, outside it is billed")
    func utilityPricing() {
        let inside = Fx.decide(Fx.template("order_update"), Fx.conversation(.whatsapp), now: Fx.at(hours: 2))
        #expect(inside.cost.category == .utility && inside.cost.free)
        let outside = Fx.decide(Fx.template("order_update"), Fx.conversation(.whatsapp), now: Fx.at(hours: 30))
        #expect(outside.cost.category == .utility && !outside.cost.free)
        #expect(outside.cost.price == Money(decimalString: "0.004"))
    }

    @Test("a template that is not approved, or not in the asked language, is refused")
    func templateApproval() {
        let unknown = Fx.decide(Fx.template("nope"), Fx.conversation(.whatsapp), now: Fx.at(days: 2))
        #expect(unknown.refusal?.code == "template_not_approved")
        #expect(unknown.rule == "template_approval")
        let french = Fx.decide(Fx.template("order_update", language: "fr"), Fx.conversation(.whatsapp), now: Fx.at(days: 2))
        #expect(french.refusal?.message == "the template \"order_update\" is approved in de and en_US, not in fr")
        let german = Fx.decide(Fx.template("order_update", language: "de"), Fx.conversation(.whatsapp), now: Fx.at(days: 2))
        #expect(german.isAllowed)
    }

    @Test(
        "template header media: JPEG, PNG and PDF only",
        arguments: [
            ("image", "https://cdn.example.com/banner.jpg", true), ("image", "https://cdn.example.com/banner.png?v=2", true),
            ("document", "https://cdn.example.com/terms.pdf", true), ("image", "https://cdn.example.com/banner.gif", false),
            ("document", "https://cdn.example.com/terms.docx", false), ("video", "https://cdn.example.com/clip.mp4", false),
        ])
    func headerMedia(kind: String, link: String, allowed: Bool) {
        let header: JSONValue = .object(JSONObject([("type", .string(kind)), (kind, ["link": .string(link)] as JSONValue)]))
        let decision = Fx.decide(Fx.template("spring_sale", header: header), Fx.conversation(.whatsapp), now: Fx.at(days: 2))
        #expect(decision.isAllowed == allowed)
        if !allowed { #expect(decision.rule == "template_header_media") }
    }

    @Test("a template approved with a VIDEO header is refused")
    func videoHeaderTemplate() {
        let decision = Fx.decide(Fx.template("product_video"), Fx.conversation(.whatsapp), now: Fx.at(days: 2))
        #expect(decision.refusal?.code == "template_header_media")
    }

    /// Contact came from a click-to-WhatsApp ad at t0 and wrote; the business replied 1 h later.
    private func adConversation() -> ConversationState {
        var state = Fx.conversation(.whatsapp)
        state.referralAt = Fx.t0
        state.referralSource = "ad"
        state.entryPointOpenedAt = Fx.at(hours: 1)
        return state
    }

    @Test("entry point at 71:59: a template is free, but free-form text outside the 24 h window is still refused")
    func entryPointInside() throws {
        let now = Fx.at(hours: 1 + 71, minutes: 59)
        let template = Fx.decide(Fx.template("spring_sale"), adConversation(), now: now)
        #expect(template.isAllowed)
        #expect(template.cost.category == .freeEntryPoint)
        #expect(template.cost.free && template.cost.price == .zero)
        #expect(template.cost.reason.contains("does not extend the 24 h window"))
        #expect(template.window.entryPoint?.open == true)
        #expect(template.window.entryPoint?.until == Fx.at(hours: 73))

        let text = Fx.decide(Fx.text(.whatsapp), adConversation(), now: now)
        let refusal = try #require(text.refusal)
        #expect(refusal.code == "window_closed")
        #expect(refusal.message.contains("does not extend the 24 h window for free-form messages"))
        #expect(text.cost.category == .freeEntryPoint)
    }

    @Test("entry point at 72:01: the template is billed again")
    func entryPointOver() {
        let decision = Fx.decide(Fx.template("spring_sale"), adConversation(), now: Fx.at(hours: 1 + 72, minutes: 1))
        #expect(decision.isAllowed)
        #expect(decision.cost.category == .marketing)
        #expect(!decision.cost.free)
        #expect(decision.window.entryPoint?.open == false)
    }

    @Test("the first reply within 24 h of the referral opens the entry point; a reply after 24 h does not")
    func entryPointOpening() {
        var state = Fx.conversation(.whatsapp)
        state.referralAt = Fx.t0
        let first = Fx.decide(Fx.text(.whatsapp), state, now: Fx.at(hours: 2))
        #expect(first.window.entryPoint?.opensWithThisMessage == true)
        #expect(first.window.entryPoint?.until == Fx.at(hours: 74))
        #expect(first.cost.category == .freeEntryPoint)
        #expect(first.cost.reason.hasPrefix("this reply opens the 72 h free entry point"))

        state.entryPointOpenedAt = Fx.at(hours: 25)
        let late = Fx.decide(Fx.template("spring_sale"), state, now: Fx.at(hours: 26))
        #expect(late.window.entryPoint?.open == false)
        #expect(late.cost.category == .marketing)
    }

    @Test("a contact who stopped marketing gets utility templates but no marketing ones")
    func marketingOptOut() {
        var state = Fx.conversation(.whatsapp)
        state.optedOut = true
        #expect(Fx.decide(Fx.template("spring_sale"), state, now: Fx.at(days: 2)).refusal?.code == "marketing_opted_out")
        #expect(Fx.decide(Fx.template("order_update"), state, now: Fx.at(days: 2)).isAllowed)
    }

    @Test("a read receipt needs no window and is free")
    func senderAction() {
        let message = OutboundMessage(
            channel: .whatsapp, account: Fx.account, to: "16505551234",
            content: MessageContent(type: .action, action: ["name": "mark_read", "target": "wamid.X"]))
        let decision = Fx.decide(message, Fx.conversation(.whatsapp), now: Fx.at(days: 3))
        #expect(decision.isAllowed)
        #expect(decision.cost.category == CostCategory.none)
    }
}
