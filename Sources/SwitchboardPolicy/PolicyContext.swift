import SwitchboardCore
import SwitchboardLedger

/// Everything a rule may look at: the message, the conversation, the account, the time, the configuration,
/// and the facts derived from them once per decision (windows, cost, the ledger's effective values).
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
    /// The prepaid wallet the balance rule reads: the ledger's, else one holding the configured
    /// ``AccountState/prepaidBalances`` entry with nothing held; `nil` when the connection is not prepaid.
    public var wallet: WalletState?
    /// The template of a WhatsApp template message, as the catalog and the configuration know it.
    var resolvedTemplate: ResolvedTemplate?

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
        let resolved = ResolvedTemplate(message: message, account: account)
        resolvedTemplate = resolved
        cost = CostEstimator(configuration: configuration).estimate(
            message: message, account: account, window: window, template: resolved, now: now)
        wallet =
            account.wallet
            ?? account.prepaidBalances[message.account].map { balance in
                WalletState(
                    id: message.account, currency: configuration.prices.currency, balance: Money(rounding: balance), updatedAt: now)
            }
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

    /// The messaging-limit tier: the provider's (account webhooks) when it reported a known one, else the
    /// configured one.
    public var messagingTier: MessagingTier {
        account.status.messagingTier.flatMap(MessagingTier.init(metaName:)) ?? account.messagingTier
    }

    /// The plan's contact cap: the operator's (set through the API) when set, else the configured one.
    public var contactCap: Int? { account.status.contactCapSet ? account.status.contactCap : account.contactCap }

    /// The restrictions the provider placed on the account that are still in force.
    public var activeRestrictions: [AccountStatus.Restriction] { account.status.activeRestrictions(at: now) }

    /// Whether nothing may go to the contact: on the configured blocklist, or blocked by the operator.
    public var contactBlocked: Bool { account.blocklisted || account.contact.blocked }

    /// `"3 h ago"`-style text for how long ago `time` was.
    func ago(_ time: Timestamp) -> String { HumanText.duration(milliseconds: now.milliseconds(since: time)) + " ago" }

    /// `"in 5 h"`-style text for how far ahead `time` is.
    func fromNow(_ time: Timestamp) -> String { "in " + HumanText.duration(milliseconds: time.milliseconds(since: now)) }

    /// `"YYYY-MM"` of `now` (UTC), the key of ``ConversationState/attachmentBytesByMonth``.
    public var monthKey: String { String(now.rfc3339.prefix(7)) }

    /// The attachment bytes of the message as the quota counts them: each attachment at least 1 byte (an
    /// unknown size counts as 1), the sum saturating at `Int64.max`.
    public var attachmentBytes: Int64 {
        var total: Int64 = 0
        for attachment in message.content.attachments {
            let (sum, overflow) = total.addingReportingOverflow(max(attachment.size ?? 1, 1))
            total = overflow ? .max : sum
        }
        return total
    }

    /// The template's name, language and category as given in the message.
    var template: (name: String, language: String?, category: String?)? {
        guard message.content.type == .template, let template = message.content.template,
            let name = template["name"]?.string
        else { return nil }
        let language = template["language"]?.string ?? template["language"]?["code"]?.string
        return (name, language, template["category"]?.string?.lowercased())
    }
}
