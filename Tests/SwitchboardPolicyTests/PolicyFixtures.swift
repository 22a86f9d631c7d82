import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy

/// Builders shared by the policy tests: a fixed start time and short ways to write states and messages.
enum Fx {
    /// 2026-11-10T10:00:00Z.
    static let t0 = Timestamp(year: 2026, month: 11, day: 10, hour: 10)!
    static let account = "106540352242922"

    static func at(hours: Double = 0, minutes: Double = 0, days: Double = 0, from base: Timestamp = t0) -> Timestamp {
        let ms = Int64(((days * 24 + hours) * 60 + minutes) * 60_000)
        return Timestamp(milliseconds: base.milliseconds + ms, hasMilliseconds: false)
    }

    static func conversation(_ channel: Channel, contact: String = "16505551234", lastInbound: Timestamp? = t0) -> ConversationState {
        var state = ConversationState(channel: channel, account: account, contact: contact)
        state.lastInboundAt = lastInbound
        if channel == .telegram, lastInbound != nil { state.started = true }
        return state
    }

    static func text(_ channel: Channel, _ body: String = "Your order has shipped", to: String = "16505551234") -> OutboundMessage {
        OutboundMessage(channel: channel, account: account, to: to, content: .text(body))
    }

    static func template(_ name: String = "order_update", language: String = "en_US", header: JSONValue? = nil) -> OutboundMessage {
        var members: [(String, JSONValue)] = [("name", .string(name)), ("language", ["code": .string(language)])]
        if let header { members.append(("components", [["type": "header", "parameters": [header]]])) }
        return OutboundMessage(
            channel: .whatsapp, account: account, to: "16505551234",
            content: MessageContent(type: .template, template: .object(JSONObject(members))))
    }

    static func media(_ channel: Channel, _ attachments: [Attachment]) -> OutboundMessage {
        OutboundMessage(
            channel: channel, account: account, to: "16505551234", content: MessageContent(type: .media, attachments: attachments))
    }

    static let templates: [ApprovedTemplate] = [
        ApprovedTemplate(name: "order_update", category: "utility", languages: ["en_US", "de"]),
        ApprovedTemplate(name: "spring_sale", category: "marketing", headerFormat: .image),
        ApprovedTemplate(name: "product_video", category: "marketing", headerFormat: .video),
    ]

    static func accountState(_ change: (inout AccountState) -> Void = { _ in }) -> AccountState {
        var state = AccountState(templates: templates)
        change(&state)
        return state
    }

    static let engine = PolicyEngine()

    /// An amount from its decimal text.
    static func money(_ text: String) -> Money { Money(decimalString: text)! }

    /// A ledger wallet named `wa-main` in USD.
    static func wallet(_ balance: String, held: String = "0") -> WalletState {
        WalletState(id: "wa-main", currency: "USD", balance: money(balance), held: money(held))
    }

    /// A known catalog holding `records` (synced at t0 − 1 h).
    static func catalog(_ records: [TemplateRecord]) -> TemplateCatalog {
        TemplateCatalog(templates: records, syncedAt: at(hours: -1))
    }

    static func record(
        _ name: String, language: String = "en_US", status: String = "APPROVED", category: String? = "marketing", reason: String? = nil
    ) -> TemplateRecord {
        TemplateRecord(name: name, language: language, status: status, category: category, reason: reason, updatedAt: at(hours: -2))
    }

    static func decide(
        _ message: OutboundMessage, _ conversation: ConversationState, _ account: AccountState = accountState(), now: Timestamp
    ) -> PolicyDecision {
        engine.decide(message: message, conversation: conversation, account: account, now: now)
    }
}

/// `Testing` has its own `Attachment`; the tests mean the canonical one.
typealias Attachment = SwitchboardCore.Attachment
