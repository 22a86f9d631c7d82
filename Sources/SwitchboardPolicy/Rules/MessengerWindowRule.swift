import SwitchboardCore

/// `messenger_window`: 24 h after the contact's last message anything goes; then the `HUMAN_AGENT` tag for an
/// agent's reply up to 7 days; after that only non-promotional tags (`ACCOUNT_UPDATE`, `CONFIRMED_EVENT_UPDATE`,
/// `POST_PURCHASE_UPDATE`) with `promotional: false`. Private replies have their own rule.
public struct MessengerWindowRule: PolicyRule {
    public let name = "messenger_window"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .messenger, context.message.commentID == nil else { return .notApplicable }
        return TagWindow(rule: self, nonPromotionalTags: context.configuration.messengerNonPromotionalTags).evaluate(context)
    }
}
