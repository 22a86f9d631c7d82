import SwitchboardCore

/// What the operator recorded about one contact (conversation): consent with its evidence, and the block.
/// What the contact and the provider say stays in ``ConversationState``.
public struct ContactFlags: Sendable, Hashable {
    public var consent: ConsentRecord?
    /// Blocked by the operator: nothing is sent to the contact until unblocked.
    public var blocked: Bool
    public var blockedReason: String?
    /// The last per-contact provider refusal worth remembering (131049 marketing limit, 131050 marketing stopped).
    public var providerProblem: AccountStatus.ProblemNote?

    public init(
        consent: ConsentRecord? = nil, blocked: Bool = false, blockedReason: String? = nil,
        providerProblem: AccountStatus.ProblemNote? = nil
    ) {
        self.consent = consent
        self.blocked = blocked
        self.blockedReason = blockedReason
        self.providerProblem = providerProblem
    }
}

/// Where one decision's ledger state lives: the keys a store reads (and, when accepting, locks).
public struct LedgerScope: Sendable, Hashable {
    /// The connection the message goes through.
    public var connection: String
    /// `channel:account:contact`.
    public var conversation: String
    public var channel: Channel
    public var account: String
    public var contact: String
    /// The prepaid wallet, or `nil` when the connection is not prepaid.
    public var wallet: String?
    /// The key of the messaging-limit counter: the business portfolio (`outbound.portfolio`) several
    /// numbers share, else the connection.
    public var portfolio: String
    /// Start of the rolling window the messaging limit counts in (now − 24 h).
    public var reachSince: Timestamp
    /// Whether the configuration caps the account's contacts, so the decision needs the count of its known
    /// contacts. A store counts them also when the operator set a cap (``AccountStatus/contactCap``); with no cap
    /// at all it skips the count (``LedgerSnapshot/knownContacts`` is then 0), the one read that grows with the
    /// account's history.
    public var countsContacts: Bool

    public init(
        connection: String, conversation: String, channel: Channel, account: String, contact: String, wallet: String?,
        portfolio: String, reachSince: Timestamp, countsContacts: Bool = true
    ) {
        self.connection = connection
        self.conversation = conversation
        self.channel = channel
        self.account = account
        self.contact = contact
        self.wallet = wallet
        self.portfolio = portfolio
        self.reachSince = reachSince
        self.countsContacts = countsContacts
    }
}

/// Everything a decision reads that the gateway keeps: read in one consistent view (and, when accepting,
/// under the locks that make check and reserve one step).
public struct LedgerSnapshot: Sendable, Hashable {
    /// The conversation's state (a fresh one when nothing is stored).
    public var conversation: ConversationState
    public var contact: ContactFlags
    /// The wallet, when the scope names one and it exists.
    public var wallet: WalletState?
    /// Distinct contacts of the connection's account (the plan's contact cap), and whether this one is among them.
    public var knownContacts: Int
    public var contactIsKnown: Bool
    /// Distinct contacts the portfolio reached outside the window since ``LedgerScope/reachSince``, and whether
    /// this one is among them (reaching them again does not count).
    public var reachedContacts: Int
    public var contactReached: Bool
    public var account: AccountStatus
    public var catalog: TemplateCatalog

    public init(
        conversation: ConversationState, contact: ContactFlags = ContactFlags(), wallet: WalletState? = nil, knownContacts: Int = 0,
        contactIsKnown: Bool = false, reachedContacts: Int = 0, contactReached: Bool = false, account: AccountStatus = AccountStatus(),
        catalog: TemplateCatalog = TemplateCatalog()
    ) {
        self.conversation = conversation
        self.contact = contact
        self.wallet = wallet
        self.knownContacts = knownContacts
        self.contactIsKnown = contactIsKnown
        self.reachedContacts = reachedContacts
        self.contactReached = contactReached
        self.account = account
        self.catalog = catalog
    }
}

/// What accepting one message reserves and records, computed purely from the decision: the store writes it
/// in the transaction that inserts the message.
public struct AcceptReservation: Sendable, Hashable {
    /// The hold (money and attachment bytes); `nil` when the message reserves neither.
    public var hold: HoldRecord?
    /// The conversation's state with the send's own effects (attachment bytes of the month, the private reply
    /// used, the free entry point opened by this reply); `nil` when the send changes nothing in it.
    public var conversation: ConversationState?
    /// Count the contact as reached outside the window by the portfolio (messaging limit).
    public var reach: Bool

    public init(hold: HoldRecord? = nil, conversation: ConversationState? = nil, reach: Bool = false) {
        self.hold = hold
        self.conversation = conversation
        self.reach = reach
    }
}
