import SwitchboardCore

/// `instagram_window`: 24 h after the contact's last message anything goes; then only an agent's reply tagged
/// `HUMAN_AGENT`, up to 7 days. Private replies have their own rule.
public struct InstagramWindowRule: PolicyRule {
    public let name = "instagram_window"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .instagram, context.message.commentID == nil else { return .notApplicable }
        let others = context.configuration.instagramTags.filter { $0 != context.configuration.humanAgentTag }
        return TagWindow(rule: self, nonPromotionalTags: others).evaluate(context)
    }
}
