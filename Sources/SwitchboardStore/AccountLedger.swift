public import SwitchboardCore
public import SwitchboardLedger
public import SwitchboardQueue

/// The account ledger: the state the policy decides from, kept true by every source in the transaction that
/// changes it (docs/ledger.md).
///
/// - Accepting a send reads a ``LedgerSnapshot`` under locks, asks the caller's pure decision, and writes the
///   message with its ``AcceptReservation`` (hold, counters) in one transaction: check and reserve are one step.
/// - The send's outcome (the dispatcher's transitions, the provider's status webhooks) settles or releases its
///   hold in the transaction that records the outcome (``HoldRecord/resolution(of:)``).
/// - Provider account and template webhooks change the account status and the catalog in the append's
///   transaction (``InboundPlan``'s ledger changes).
/// - The operator's actions (``credit(wallet:amount:kind:reason:actor:idempotencyKey:at:)``, consent, block,
///   contact cap, price table, template sync) each write their ledger entry or audit line with the change.
public protocol AccountLedger: Sendable {
    /// Where notices go: the subscribers that receive `event`s (`balance_low`, `balance_exhausted`) and `status`
    /// events (a message refused at dispatch). Set once at start, before any write.
    func configureLedger(_ settings: LedgerStoreSettings)

    /// Creates each wallet that does not exist yet, with its opening balance as its first entry (actor `config`);
    /// an existing wallet keeps its balance and takes the configured currency and low threshold.
    func openWallets(_ wallets: [WalletOpening], at: Timestamp) async throws(StoreError)

    /// The snapshot a dry run (`/v1/messages/check`) decides from, without locks.
    func ledgerSnapshot(_ scope: LedgerScope) async throws(StoreError) -> LedgerSnapshot

    /// Accepts a message atomically: returns the message this API key already queued with the same idempotency
    /// key; otherwise reads the snapshot under locks (wallet, portfolio, conversation), calls `decide`, and when
    /// it accepts, inserts the message, its hold (with the wallet's hold entry and any notices), the
    /// conversation's new state and the reach, in one transaction. Concurrent accepts on one wallet, on any
    /// number of processes, see each other's holds.
    func acceptOutbound(
        _ new: NewOutboundMessage, scope: LedgerScope, decide: @escaping @Sendable (LedgerSnapshot) -> AcceptVerdict
    ) async throws(StoreError) -> AcceptOutcome

    /// The wallet, or `nil`.
    func wallet(_ id: String) async throws(StoreError) -> WalletState?

    /// A wallet's entries, newest first: at most `limit`, only those before sequence `before` when given.
    func ledgerEntries(wallet: String, limit: Int, before: Int64?) async throws(StoreError) -> [LedgerEntry]

    /// A top-up or adjustment by the operator. With an idempotency key already used on this wallet, the first
    /// result is returned (and `replayed`) when the amount and reason are the same, else `keyReused`.
    func credit(
        wallet: String, amount: Money, kind: LedgerEntryKind, reason: String, actor: String, idempotencyKey: String?, at: Timestamp
    ) async throws(StoreError) -> CreditOutcome

    /// The hold of an outbound message, or `nil`.
    func hold(messageID: String) async throws(StoreError) -> HoldRecord?

    /// What the provider and the operator said about a connection's account.
    func accountStatus(connection: String) async throws(StoreError) -> AccountStatus

    /// The connection's template catalog.
    func templateCatalog(connection: String) async throws(StoreError) -> TemplateCatalog

    /// Replaces the catalog with a full listing read from the provider at `syncedAt` (audit line `templates.sync`).
    func replaceTemplateCatalog(connection: String, templates: [TemplateRecord], syncedAt: Timestamp, actor: String)
        async throws(StoreError)

    /// Records that a sync failed (the catalog stays as it was).
    func recordTemplateSyncFailure(connection: String, error: String, at: Timestamp) async throws(StoreError)

    /// The operator's flags on a contact.
    func contactFlags(conversation: String) async throws(StoreError) -> ContactFlags

    /// Records (`consent` non-nil) or revokes consent; audit line `consent.record` / `consent.revoke`.
    func setConsent(conversation: String, consent: ConsentRecord?, actor: String, at: Timestamp) async throws(StoreError)

    /// Blocks or unblocks a contact; audit line `block` / `unblock`.
    func setBlocked(conversation: String, blocked: Bool, reason: String?, actor: String, at: Timestamp) async throws(StoreError)

    /// Sets (or removes, `nil`) the plan's contact cap of a connection; audit line `contact_cap.set`.
    func setContactCap(connection: String, cap: Int?, actor: String, at: Timestamp) async throws(StoreError)

    /// The imported price table (empty when none was imported).
    func rateCard() async throws(StoreError) -> RateCard

    /// Replaces the price table (audit line `prices.import` with the number of rates).
    func replaceRateCard(_ card: RateCard, actor: String, at: Timestamp) async throws(StoreError)

    /// The audit list, newest first, optionally only for `target`.
    func auditEntries(target: String?, limit: Int, before: Int64?) async throws(StoreError) -> [AuditEntry]
}

/// Where the ledger's notices go (``AccountLedger/configureLedger(_:)``).
public struct LedgerStoreSettings: Sendable, Hashable {
    /// Subscribers whose filter takes `event`s.
    public var eventSubscribers: [String]
    /// Subscribers whose filter takes `status` events.
    public var statusSubscribers: [String]

    public init(eventSubscribers: [String] = [], statusSubscribers: [String] = []) {
        self.eventSubscribers = eventSubscribers
        self.statusSubscribers = statusSubscribers
    }
}

/// A configured wallet and its opening balance.
public struct WalletOpening: Sendable, Hashable {
    public var id: String
    public var currency: String
    /// Entered once, as the first entry, when the wallet is created.
    public var openingBalance: Money
    public var lowThreshold: Money?

    public init(id: String, currency: String, openingBalance: Money, lowThreshold: Money? = nil) {
        self.id = id
        self.currency = currency
        self.openingBalance = openingBalance
        self.lowThreshold = lowThreshold
    }
}

/// The caller's decision on a snapshot.
public enum AcceptVerdict: Sendable {
    /// Refused: nothing is written; the decision's JSON is returned.
    case refuse(decision: JSONValue)
    /// Accepted: the message is inserted with this decision JSON, business-initiated flag and reservation.
    case accept(decision: JSONValue, businessInitiated: Bool, reservation: AcceptReservation)
}

/// What ``AccountLedger/acceptOutbound(_:scope:decide:)`` did.
public enum AcceptOutcome: Sendable {
    case created(OutboundRecord)
    /// The API key already used the idempotency key; `sameRequest` compares the request hashes.
    case existing(OutboundRecord, sameRequest: Bool)
    case refused(decision: JSONValue)
}

/// What ``AccountLedger/credit(wallet:amount:kind:reason:actor:idempotencyKey:at:)`` did.
public enum CreditOutcome: Sendable, Hashable {
    case applied(WalletState, LedgerEntry)
    case replayed(WalletState, LedgerEntry)
    case keyReused(LedgerEntry)
    case refused(WalletRefusal)
    case unknownWallet
}
