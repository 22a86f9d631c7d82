import SwitchboardCore

/// The Messenger / Instagram window logic shared by ``MessengerWindowRule`` and ``InstagramWindowRule``:
/// 24 h for anything, then the `HUMAN_AGENT` tag up to 7 days, then (Messenger) only non-promotional tags.
struct TagWindow {
    var rule: any PolicyRule
    /// Tags accepted any time after the window, for content declared non-promotional.
    var nonPromotionalTags: [String]

    func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let window = context.window, configuration = context.configuration
        let length = HumanText.length(configuration.serviceWindow)
        let humanAgent = configuration.humanAgentTag
        let agentLength = HumanText.length(configuration.humanAgentWindow)
        let channel = context.conversation.channel.rawValue
        if context.isSenderAction { return .allow("sender actions are not messages and need no window") }
        if window.open, let closes = window.closesAt {
            return .allow("the \(length) standard window is open until \(closes.rfc3339) (closes \(context.fromNow(closes)))")
        }
        let tagsText = nonPromotionalTags.isEmpty ? "" : HumanText.list(nonPromotionalTags)
        let laterRemedy =
            nonPromotionalTags.isEmpty
            ? "wait for the contact to write (or answer one of their comments with a private reply)"
            : "use a non-promotional tag (\(tagsText)) with promotional: false, or wait for the contact to write"
        guard let last = window.lastInboundAt, let closed = window.closedAt, let agentUntil = window.humanAgentUntil else {
            return rule.refuse(
                "window_closed", "the contact has never written, so \(channel) allows no message yet",
                remedy: "wait for the contact to write (or answer one of their comments with a private reply)")
        }
        let agentOpen = context.now < agentUntil
        guard let tag = context.message.tag else {
            let remedy =
                agentOpen
                ? "have an agent reply with the tag \(humanAgent) (allowed until \(agentUntil.rfc3339))"
                    + (nonPromotionalTags.isEmpty ? "" : ", or use a non-promotional tag (\(tagsText)) with promotional: false")
                : laterRemedy
            return rule.refuse(
                "window_closed", "the \(length) standard window closed \(context.ago(closed)) (the contact last wrote at \(last.rfc3339))",
                remedy: remedy)
        }
        if context.message.promotional == true {
            return rule.refuse(
                "tag_promotional", "message tags must never carry promotional content, and this message is declared promotional",
                remedy: "remove the promotional content and set promotional: false, or wait for the contact to write")
        }
        if tag == humanAgent {
            guard agentOpen else {
                return rule.refuse(
                    "human_agent_expired",
                    "the \(humanAgent) tag allows replies up to \(agentLength) after the contact's last message, "
                        + "which was \(context.ago(last)) (the tag expired \(context.ago(agentUntil)))",
                    remedy: laterRemedy)
            }
            return .allow(
                "outside the \(length) window, an agent may reply with \(humanAgent) until \(agentUntil.rfc3339) (\(agentLength) after the contact's last message)"
            )
        }
        guard nonPromotionalTags.contains(tag) else {
            let known = HumanText.list([humanAgent] + nonPromotionalTags)
            return rule.refuse(
                "tag_not_allowed", "\(channel) accepts the tag \(known) outside the window, not \(tag)",
                remedy: agentOpen ? "use the tag \(humanAgent) for an agent's reply" : laterRemedy)
        }
        guard context.message.promotional == false else {
            return rule.refuse(
                "promotional_undeclared", "the tag \(tag) may only carry non-promotional content, and the message does not declare it",
                remedy: "set promotional: false if the content is not promotional")
        }
        return .allow("the non-promotional tag \(tag) may be used after the \(length) window")
    }
}
