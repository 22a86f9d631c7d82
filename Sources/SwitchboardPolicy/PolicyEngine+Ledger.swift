import SwitchboardCore
import SwitchboardLedger

extension PolicyEngine {
    /// The rules asked again right before a queued message is sent (``decideAtDispatch(message:conversation:account:now:)``):
    /// those whose answer can change while a message waits and that reserve nothing at accept — the contact
    /// (blocked, unreachable, opted out, consent revoked, Telegram blocked), the windows, the template's status,
    /// the account's restriction. The balance, the attachment quota, the private reply, the messaging limit and
    /// the contact cap are not asked again: accepting the message reserved them.
    public static let dispatchRuleNames: Set<String> = [
        "blocklist", "contact_reachability", "telegram_started", "sms_opt_out", "whatsapp_marketing_opt_out", "consent",
        "account_restriction", "whatsapp_window", "messenger_window", "instagram_window", "template_approval",
    ]

    /// The decision for a message that was accepted and waited in the queue, at `now`, on the conversation and
    /// account as they are now: only the rules of ``dispatchRuleNames`` (in the engine's order) are asked.
    /// A refusal means the message must not be sent (it ends `refused`, its hold released).
    public func decideAtDispatch(message: OutboundMessage, conversation: ConversationState, account: AccountState, now: Timestamp)
        -> PolicyDecision
    {
        let context = PolicyContext(message: message, conversation: conversation, account: account, now: now, configuration: configuration)
        return decide(context, rules: rules.filter { Self.dispatchRuleNames.contains($0.name) })
    }

    /// What accepting `message` (stored under `id`) reserves and records, computed purely from the decision the
    /// engine gave on `conversation` and `account` at `now`; the store writes it in the transaction that inserts
    /// the message. Nothing for a refused decision or a sender action.
    ///
    /// - A hold when the message costs money in the prepaid ``AccountState/wallet`` (amount = the estimated
    ///   price; `rates` = this recipient's price per WhatsApp category, so the provider's reported category
    ///   settles it; settled by the provider's pricing on WhatsApp, by the send elsewhere) or carries
    ///   attachments (their bytes in this month's quota, an unknown size counting as 1 byte).
    /// - The conversation's new state when the send changes it, by the same fold an outbound echo goes through
    ///   (``ConversationState/apply(_:receivedAt:)``): the month's attachment bytes, the free entry point opened
    ///   by the business's first reply within 24 h of a referral; plus the comment's private reply used.
    /// - `reach` for a WhatsApp message outside the customer-service window (the messaging limit's count).
    public func reservation(
        for message: OutboundMessage, id: String, decision: PolicyDecision, conversation: ConversationState, account: AccountState,
        now: Timestamp
    ) -> AcceptReservation {
        guard decision.isAllowed, message.content.type != .action else { return AcceptReservation() }
        let context = PolicyContext(message: message, conversation: conversation, account: account, now: now, configuration: configuration)
        let whatsapp = message.channel == .whatsapp
        return AcceptReservation(
            hold: hold(context, id: id, cost: decision.cost, whatsapp: whatsapp),
            conversation: conversationAfterSend(context, window: decision.window),
            reach: whatsapp && !decision.window.open)
    }

    private func hold(_ context: PolicyContext, id: String, cost: CostEstimate, whatsapp: Bool) -> HoldRecord? {
        let message = context.message
        let wallet = context.account.wallet.flatMap { cost.price.isPositive && cost.currency == $0.currency ? $0 : nil }
        let bytes = message.content.attachments.isEmpty ? 0 : context.attachmentBytes
        guard wallet != nil || bytes > 0 else { return nil }
        var rates: [String: Money] = [:]
        if whatsapp, let wallet {
            rates = CostEstimator(configuration: configuration).whatsappRates(
                recipient: message.to, account: context.account, now: context.now, currency: wallet.currency)
        }
        return HoldRecord(
            messageID: id, wallet: wallet?.id, amount: wallet == nil ? .zero : cost.price, category: cost.category.rawValue,
            rates: rates, settlesOn: whatsapp ? .pricing : .sent, attachmentBytes: bytes,
            attachmentMonth: bytes > 0 ? context.monthKey : nil, conversation: message.conversation, createdAt: context.now)
    }

    private func conversationAfterSend(_ context: PolicyContext, window: WindowInfo) -> ConversationState? {
        let message = context.message, before = context.conversation
        var state = before
        // The quota counts an attachment of unknown size as 1 byte; the fold counts what the event says.
        let attachments = message.content.attachments.map { attachment in
            var counted = attachment
            counted.size = max(attachment.size ?? 1, 1)
            return counted
        }
        let send = CanonicalEvent(
            kind: .message, channel: message.channel, provider: Provider(rawValue: "switchboard"), account: message.account,
            direction: .outbound, timestamp: context.now, content: MessageContent(type: message.content.type, attachments: attachments))
        state.apply(send)
        // The last outbound time is the provider's to report (echo, send); accepting is not sending.
        state.lastOutboundAt = before.lastOutboundAt
        if window.entryPoint?.opensWithThisMessage == true, state.entryPointOpenedAt == nil { state.entryPointOpenedAt = context.now }
        if let comment = message.commentID, message.channel == .messenger || message.channel == .instagram {
            state.privateRepliedComments.insert(comment)
        }
        return state == before ? nil : state
    }
}
