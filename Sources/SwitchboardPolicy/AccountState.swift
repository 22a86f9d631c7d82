import Foundation

/// What the gateway knows about the business side when it decides on a message: balances, plan, limits,
/// lists and templates. Built by the caller (from the store and the configuration) for each decision.
public struct AccountState: Sendable, Hashable {
    /// Prepaid balance per connection, keyed by the connection's account id (``OutboundMessage/account``),
    /// in the price table's currency. A connection absent from the map is not prepaid.
    public var prepaidBalances: [String: Decimal]
    /// The plan's cap on distinct contacts (`nil` = no cap).
    public var contactCap: Int?
    /// Distinct contacts the account already has.
    public var knownContacts: Int
    /// Whether this message's contact is one of them.
    public var contactIsKnown: Bool
    /// WhatsApp messaging-limit tier of the business portfolio.
    public var messagingTier: MessagingTier
    /// Unique contacts reached outside the window in the rolling last 24 h (WhatsApp).
    public var uniqueBusinessInitiatedContacts24h: Int
    /// Whether this contact is already among them (reaching them again does not count).
    public var contactReachedInLast24h: Bool
    /// Whether this contact is on the account's blocklist.
    public var blocklisted: Bool
    /// Whether business-initiated messages need the contact's recorded opt-in.
    public var consentRequired: Bool
    /// Approved WhatsApp templates by name.
    public var templates: [String: ApprovedTemplate]
    /// Whether the recipient is a group chat rather than a person (the channel adapter's
    /// `isGroup(recipient:)`: a Telegram chat id below zero). A bot may write to a group it belongs to
    /// without a start.
    public var recipientIsGroup: Bool

    public init(
        prepaidBalances: [String: Decimal] = [:], contactCap: Int? = nil, knownContacts: Int = 0, contactIsKnown: Bool = true,
        messagingTier: MessagingTier = .unlimited, uniqueBusinessInitiatedContacts24h: Int = 0,
        contactReachedInLast24h: Bool = false, blocklisted: Bool = false, consentRequired: Bool = false,
        templates: [ApprovedTemplate] = [], recipientIsGroup: Bool = false
    ) {
        self.prepaidBalances = prepaidBalances
        self.contactCap = contactCap
        self.knownContacts = knownContacts
        self.contactIsKnown = contactIsKnown
        self.messagingTier = messagingTier
        self.uniqueBusinessInitiatedContacts24h = uniqueBusinessInitiatedContacts24h
        self.contactReachedInLast24h = contactReachedInLast24h
        self.blocklisted = blocklisted
        self.consentRequired = consentRequired
        self.recipientIsGroup = recipientIsGroup
        self.templates = Dictionary(templates.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// An account with no limits, no balance tracking and no templates.
    public static let unrestricted = AccountState()
}
