import SwitchboardCore

/// `contact_reachability`: a contact who blocked the business, or whom the provider reported unreachable,
/// gets nothing until they write again (Messenger 551, WhatsApp 131026). Telegram has its own rule.
public struct ContactReachabilityRule: PolicyRule {
    public let name = "contact_reachability"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel != .telegram, context.conversation.blocked else { return .notApplicable }
        return refuse(
            "contact_unreachable",
            "the contact blocked the business on \(context.conversation.channel.rawValue) or the provider reported them unreachable",
            remedy: "wait until the contact writes again")
    }
}
