import SwitchboardCore

/// Everything a rule may look at: the message, the conversation, the account, the time, the configuration,
/// and the facts derived from them once per decision (windows, cost).
public struct PolicyContext: Sendable {
    public var message: OutboundMessage
    public var conversation: ConversationState
    public var account: AccountState
    public var now: Timestamp
    public var configuration: PolicyConfiguration
    /// The windows at `now`.
    public var window: WindowInfo
    /// The estimated cost of the message.
    public var cost: CostEstimate

    public init(
        message: OutboundMessage, conversation: ConversationState, account: AccountState, now: Timestamp,
        configuration: PolicyConfiguration
    ) {
        self.message = message
        self.conversation = conversation
        self.account = account
        self.now = now
        self.configuration = configuration
        window = WindowInfo.compute(conversation: conversation, now: now, configuration: configuration)
        cost = CostEstimator(configuration: configuration).estimate(
            message: message, conversation: conversation, account: account, window: window)
    }

    /// Whether the contact wrote within the service window (24 h): if not, the message is business-initiated.
    /// Uses the same 24 h on every channel.
    public var contactWroteRecently: Bool {
        guard let last = conversation.lastInboundAt else { return false }
        return now < last.adding(configuration.serviceWindow)
    }

    /// A message the business starts (no message from the contact within the service window).
    public var isBusinessInitiated: Bool { !contactWroteRecently && !isSenderAction }

    /// Read receipts and typing indicators: not messages, never billed, allowed whenever the contact is reachable.
    public var isSenderAction: Bool { message.content.type == .action }

    /// `"3 h ago"`-style text for how long ago `time` was.
    func ago(_ time: Timestamp) -> String { HumanText.duration(milliseconds: now.milliseconds(since: time)) + " ago" }

    /// `"in 5 h"`-style text for how far ahead `time` is.
    func fromNow(_ time: Timestamp) -> String { "in " + HumanText.duration(milliseconds: time.milliseconds(since: now)) }

    /// `"YYYY-MM"` of `now` (UTC), the key of ``ConversationState/attachmentBytesByMonth``.
    public var monthKey: String { String(now.rfc3339.prefix(7)) }

    /// The template's name, language and category as given in the message.
    var template: (name: String, language: String?, category: String?)? {
        guard message.content.type == .template, let template = message.content.template,
            let name = template["name"]?.string
        else { return nil }
        let language = template["language"]?.string ?? template["language"]?["code"]?.string
        return (name, language, template["category"]?.string?.lowercased())
    }
}
