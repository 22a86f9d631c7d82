import SwitchboardCore

/// `whatsapp_window`: free-form messages need the 24 h customer-service window (opened by the contact's
/// last message); outside it only approved templates go. The 72 h free entry point after a click-to-WhatsApp
/// ad makes messages free but does not extend this window.
public struct WhatsAppWindowRule: PolicyRule {
    public let name = "whatsapp_window"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .whatsapp else { return .notApplicable }
        let window = context.window
        let length = HumanText.length(context.configuration.serviceWindow)
        if context.isSenderAction { return .allow("sender actions are not messages and need no window") }
        if context.message.content.type == .template {
            if window.open, let closes = window.closesAt {
                return .allow("templates may be sent at any time; the \(length) window is also open until \(closes.rfc3339)")
            }
            return .allow("the \(length) window is closed, and approved templates may be sent outside it")
        }
        if window.open, let closes = window.closesAt {
            return .allow("the \(length) customer-service window is open until \(closes.rfc3339) (closes \(context.fromNow(closes)))")
        }
        var sentence: String
        if let closed = window.closedAt, let last = window.lastInboundAt {
            sentence = "the \(length) customer-service window closed \(context.ago(closed)) (the contact last wrote at \(last.rfc3339))"
        } else {
            sentence = "the contact has never written, so no \(length) customer-service window is open"
        }
        sentence += "; outside it WhatsApp accepts only approved templates"
        if let entry = window.entryPoint, entry.open, let until = entry.until {
            sentence +=
                ". The \(HumanText.length(context.configuration.entryPointLength)) free entry point is open until \(until.rfc3339), "
                + "but it only makes messages free: it does not extend the \(length) window for free-form messages"
        }
        return refuse("window_closed", sentence, remedy: "send an approved template")
    }
}
