/// What the gateway remembers about one conversation: the facts the policy engine decides on.
///
/// Updated from every stored event (see `ConversationState+Events.swift`) and read by
/// `GET /v1/conversations/{conversation}` and by the policy engine.
public struct ConversationState: Sendable, Hashable {
    /// `"<channel>:<account>:<contact>"`.
    public var conversation: String
    public var channel: Channel
    public var account: String
    public var contact: String
    /// The contact's last inbound message (opens the 24 h windows).
    public var lastInboundAt: Timestamp?
    /// The business's last outbound message or echo.
    public var lastOutboundAt: Timestamp?
    /// When the contact arrived through a click-to-message ad / Page CTA (opens the entry-point window).
    public var referralAt: Timestamp?
    /// The referral that opened the entry point (`ad`, `post`, ...).
    public var referralSource: String?
    /// The business's first reply after the referral (starts the 72 h free entry point when within 24 h).
    public var entryPointOpenedAt: Timestamp?
    /// The contact opted out (SMS STOP, WhatsApp marketing stop, Messenger opt-out).
    public var optedOut: Bool
    public var optedOutAt: Timestamp?
    /// The contact gave consent for business-initiated messages (opt-in).
    public var consentAt: Timestamp?
    /// The contact blocked the business (Telegram kicked, Messenger block) or is unreachable.
    public var blocked: Bool
    /// Telegram: the contact has started the bot (written to it at least once).
    public var started: Bool
    /// Attachment bytes sent to this contact per month (`"2026-11"` → bytes).
    public var attachmentBytesByMonth: [String: Int64]
    /// Comment ids already answered with a private reply, with the comment's time.
    public var privateRepliedComments: Set<String>
    /// Comments received (id → time), for the 7-day private-reply window.
    public var comments: [String: Timestamp]

    public init(
        conversation: String, channel: Channel, account: String, contact: String, lastInboundAt: Timestamp? = nil,
        lastOutboundAt: Timestamp? = nil, referralAt: Timestamp? = nil, referralSource: String? = nil,
        entryPointOpenedAt: Timestamp? = nil, optedOut: Bool = false, optedOutAt: Timestamp? = nil,
        consentAt: Timestamp? = nil, blocked: Bool = false, started: Bool = false,
        attachmentBytesByMonth: [String: Int64] = [:], privateRepliedComments: Set<String> = [],
        comments: [String: Timestamp] = [:]
    ) {
        self.conversation = conversation
        self.channel = channel
        self.account = account
        self.contact = contact
        self.lastInboundAt = lastInboundAt
        self.lastOutboundAt = lastOutboundAt
        self.referralAt = referralAt
        self.referralSource = referralSource
        self.entryPointOpenedAt = entryPointOpenedAt
        self.optedOut = optedOut
        self.optedOutAt = optedOutAt
        self.consentAt = consentAt
        self.blocked = blocked
        self.started = started
        self.attachmentBytesByMonth = attachmentBytesByMonth
        self.privateRepliedComments = privateRepliedComments
        self.comments = comments
    }

    /// A fresh state for a conversation with no history.
    public init(channel: Channel, account: String, contact: String) {
        self.init(
            conversation: CanonicalEvent.conversationKey(channel: channel, account: account, contact: contact),
            channel: channel, account: account, contact: contact)
    }
}
