import SwitchboardCore

/// `whatsapp_messaging_limit`: a WhatsApp business portfolio may reach only so many unique contacts outside
/// the customer-service window per rolling 24 h (250 → 2,000 → 10,000 → 100,000 → unlimited). The tier is
/// the provider's when its webhooks reported one, else the configured one. Contacts already reached in those
/// 24 h do not count again.
public struct MessagingLimitRule: PolicyRule {
    public let name = "whatsapp_messaging_limit"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let account = context.account, tier = context.messagingTier
        guard context.conversation.channel == .whatsapp, !context.window.open, !context.isSenderAction,
            !account.contactReachedInLast24h, let limit = context.configuration.messagingTierLimits[tier]
        else { return .notApplicable }
        guard account.uniqueBusinessInitiatedContacts24h < limit else {
            return refuse(
                "messaging_limit_reached",
                "the WhatsApp messaging limit (\(tier.rawValue)) allows \(limit) unique contacts outside the "
                    + "window per rolling 24 h, and \(account.uniqueBusinessInitiatedContacts24h) were reached",
                remedy: "wait until earlier contacts drop out of the rolling 24 h, or raise the tier (business verification, quality)")
        }
        return .notApplicable
    }
}
