import Foundation
import SwitchboardLedger

/// What the gateway knows about the business side when it decides on a message: the ledger's wallet, the
/// template catalog, what the provider and the operator said about the account and the contact, the rate
/// card, plus the configured plan, limits, lists and templates. Built by the caller (from the store's
/// ``LedgerSnapshot`` and the configuration, ``applying(_:)``) for each decision.
public struct AccountState: Sendable, Hashable {
    /// Prepaid balance per connection, keyed by the connection's account id (``OutboundMessage/account``),
    /// in the price table's currency: a configured balance with no holds, read only when ``wallet`` is `nil`.
    /// A connection absent from the map is not prepaid.
    public var prepaidBalances: [String: Decimal]
    /// The connection's prepaid wallet from the ledger (balance and open holds); `nil` when not prepaid.
    public var wallet: WalletState?
    /// The plan's cap on distinct contacts (`nil` = no cap); the operator's cap in ``status`` overrides it.
    public var contactCap: Int?
    /// Distinct contacts the account already has.
    public var knownContacts: Int
    /// Whether this message's contact is one of them.
    public var contactIsKnown: Bool
    /// WhatsApp messaging-limit tier of the business portfolio from the configuration; the provider's tier in
    /// ``status`` overrides it.
    public var messagingTier: MessagingTier
    /// Unique contacts reached outside the window in the rolling last 24 h (WhatsApp).
    public var uniqueBusinessInitiatedContacts24h: Int
    /// Whether this contact is already among them (reaching them again does not count).
    public var contactReachedInLast24h: Bool
    /// Whether this contact is on the configured blocklist (the operator's block is in ``contact``).
    public var blocklisted: Bool
    /// Whether business-initiated messages need the contact's recorded opt-in.
    public var consentRequired: Bool
    /// Approved WhatsApp templates by name, from the configuration: used while ``catalog`` is unknown.
    public var templates: [String: ApprovedTemplate]
    /// The connection's WhatsApp template catalog as the provider lists it (unknown until a sync or a
    /// template webhook).
    public var catalog: TemplateCatalog
    /// What the provider (tier, quality, restrictions) and the operator (contact cap) said about the account.
    public var status: AccountStatus
    /// What the operator recorded about this contact (consent, block) and the provider's per-contact refusals.
    public var contact: ContactFlags
    /// Imported prices by calling code, category and date; where it has no rate, the price table applies.
    public var rateCard: RateCard
    /// Whether the recipient is a group chat rather than a person (the channel adapter's
    /// `isGroup(recipient:)`: a Telegram chat id below zero). A bot may write to a group it belongs to
    /// without a start.
    public var recipientIsGroup: Bool

    public init(
        prepaidBalances: [String: Decimal] = [:], wallet: WalletState? = nil, contactCap: Int? = nil, knownContacts: Int = 0,
        contactIsKnown: Bool = true, messagingTier: MessagingTier = .unlimited, uniqueBusinessInitiatedContacts24h: Int = 0,
        contactReachedInLast24h: Bool = false, blocklisted: Bool = false, consentRequired: Bool = false,
        templates: [ApprovedTemplate] = [], catalog: TemplateCatalog = TemplateCatalog(), status: AccountStatus = AccountStatus(),
        contact: ContactFlags = ContactFlags(), rateCard: RateCard = RateCard(), recipientIsGroup: Bool = false
    ) {
        self.prepaidBalances = prepaidBalances
        self.wallet = wallet
        self.contactCap = contactCap
        self.knownContacts = knownContacts
        self.contactIsKnown = contactIsKnown
        self.messagingTier = messagingTier
        self.uniqueBusinessInitiatedContacts24h = uniqueBusinessInitiatedContacts24h
        self.contactReachedInLast24h = contactReachedInLast24h
        self.blocklisted = blocklisted
        self.consentRequired = consentRequired
        self.catalog = catalog
        self.status = status
        self.contact = contact
        self.rateCard = rateCard
        self.recipientIsGroup = recipientIsGroup
        self.templates = Dictionary(templates.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// An account with no limits, no balance tracking and no templates.
    public static let unrestricted = AccountState()

    /// This state with what the ledger keeps for the decision: the wallet, the catalog, the account status,
    /// the contact's flags, and the counters (known contacts, contacts reached outside the window).
    public func applying(_ snapshot: LedgerSnapshot) -> AccountState {
        var state = self
        state.wallet = snapshot.wallet
        state.catalog = snapshot.catalog
        state.status = snapshot.account
        state.contact = snapshot.contact
        state.knownContacts = snapshot.knownContacts
        state.contactIsKnown = snapshot.contactIsKnown
        state.uniqueBusinessInitiatedContacts24h = snapshot.reachedContacts
        state.contactReachedInLast24h = snapshot.contactReached
        return state
    }
}
