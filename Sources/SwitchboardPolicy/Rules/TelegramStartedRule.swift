import SwitchboardCore

/// `telegram_started`: bots cannot start conversations. A contact who never started the bot (never wrote to
/// it), or who blocked it, is refused. Group chats (``AccountState/recipientIsGroup``) are exempt.
public struct TelegramStartedRule: PolicyRule {
    public let name = "telegram_started"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let conversation = context.conversation
        guard conversation.channel == .telegram else { return .notApplicable }
        if context.account.recipientIsGroup { return .allow("a group chat the bot belongs to") }
        if conversation.blocked {
            return refuse(
                "telegram_blocked", "the contact blocked the bot (or deleted their account); Telegram refuses messages to them",
                remedy: "wait until the contact unblocks the bot and writes to it again")
        }
        guard conversation.started || conversation.lastInboundAt != nil else {
            return refuse(
                "telegram_not_started", "the contact has never started the bot, and Telegram bots cannot start conversations",
                remedy: "ask the contact to open the bot and press Start (a t.me/<bot>?start= link)")
        }
        return .allow("the contact started the bot")
    }
}
