import Foundation
import SwitchboardCore

/// Every number the policy engine decides with. The defaults follow docs/providers.md; each member maps to a
/// key of the `policy:` configuration section (see docs/policy.md and ``init(json:)``).
public struct PolicyConfiguration: Sendable, Hashable {
    /// WhatsApp / Messenger / Instagram customer-service window after the contact's last message (24 h).
    /// Also decides whether a message is business-initiated on every channel (consent, messaging limit).
    public var serviceWindow: Duration
    /// How soon after a click-to-WhatsApp ad the business must reply to open the free entry point (24 h).
    public var entryPointReplyWithin: Duration
    /// How long the free entry point lasts after that reply (72 h).
    public var entryPointLength: Duration
    /// Messenger / Instagram `HUMAN_AGENT` tag: replies allowed up to this long after the contact's last message (7 days).
    public var humanAgentWindow: Duration
    /// Instagram / Facebook private replies: allowed this long after the comment (7 days).
    public var privateReplyWindow: Duration
    /// Attachment bytes one contact may receive per calendar month (UTC); default 50 MB (50,000,000 bytes).
    public var monthlyAttachmentQuotaBytes: Int64
    /// Unique contacts a WhatsApp business portfolio may reach outside the window per rolling 24 h, per tier
    /// (`nil` = unlimited).
    public var messagingTierLimits: [MessagingTier: Int]
    /// Prices per channel and cost category.
    public var prices: PriceTable
    /// Per-channel attachment MIME types, sizes and counts.
    public var attachmentLimits: [Channel: ChannelAttachmentLimits]
    /// Per-channel longest text (characters; SMS segments).
    public var textLimits: [Channel: TextLimit]
    /// MIME types allowed for WhatsApp template header media (JPEG, PNG, PDF).
    public var templateHeaderMIMETypes: Set<String>
    /// WhatsApp: refuse templates that are not in the account's approved registry.
    public var requireApprovedTemplates: Bool
    /// WhatsApp: utility templates sent while the 24 h window is open are free (Meta's rule until Oct 2026).
    public var utilityFreeInsideWindow: Bool
    /// Messenger / Instagram tag that lets a human agent reply up to ``humanAgentWindow``.
    public var humanAgentTag: String
    /// Messenger tags allowed any time after the window, for non-promotional content only.
    public var messengerNonPromotionalTags: [String]
    /// Instagram tags accepted outside the window.
    public var instagramTags: [String]

    public init(
        serviceWindow: Duration = .seconds(24 * 3600), entryPointReplyWithin: Duration = .seconds(24 * 3600),
        entryPointLength: Duration = .seconds(72 * 3600), humanAgentWindow: Duration = .seconds(7 * 86_400),
        privateReplyWindow: Duration = .seconds(7 * 86_400), monthlyAttachmentQuotaBytes: Int64 = 50_000_000,
        messagingTierLimits: [MessagingTier: Int] = MessagingTier.defaultLimits, prices: PriceTable = PriceTable(),
        attachmentLimits: [Channel: ChannelAttachmentLimits] = ChannelAttachmentLimits.defaults,
        textLimits: [Channel: TextLimit] = TextLimit.defaults,
        templateHeaderMIMETypes: Set<String> = ["image/jpeg", "image/png", "application/pdf"],
        requireApprovedTemplates: Bool = true, utilityFreeInsideWindow: Bool = true, humanAgentTag: String = "HUMAN_AGENT",
        messengerNonPromotionalTags: [String] = ["ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE"],
        instagramTags: [String] = ["HUMAN_AGENT"]
    ) {
        self.serviceWindow = serviceWindow
        self.entryPointReplyWithin = entryPointReplyWithin
        self.entryPointLength = entryPointLength
        self.humanAgentWindow = humanAgentWindow
        self.privateReplyWindow = privateReplyWindow
        self.monthlyAttachmentQuotaBytes = monthlyAttachmentQuotaBytes
        self.messagingTierLimits = messagingTierLimits
        self.prices = prices
        self.attachmentLimits = attachmentLimits
        self.textLimits = textLimits
        self.templateHeaderMIMETypes = templateHeaderMIMETypes
        self.requireApprovedTemplates = requireApprovedTemplates
        self.utilityFreeInsideWindow = utilityFreeInsideWindow
        self.humanAgentTag = humanAgentTag
        self.messengerNonPromotionalTags = messengerNonPromotionalTags
        self.instagramTags = instagramTags
    }

    /// The defaults from docs/providers.md.
    public static let standard = PolicyConfiguration()
}

extension Duration {
    /// Whole milliseconds (the resolution of ``Timestamp``).
    var policyMilliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
