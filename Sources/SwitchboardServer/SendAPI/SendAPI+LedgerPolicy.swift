import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardStore

/// The policy side of the send API, as one value the reload swaps whole: the engine with the policy's numbers and
/// what the configuration says about each connection's account. Pure: it decides from a ``LedgerSnapshot``
/// (read under locks by ``AccountLedger/acceptOutbound(_:scope:decide:)``, or lock-free for a dry run) and the
/// price table, and computes what an accepted message reserves. `POST /v1/messages`, `POST /v1/messages/check`
/// and the dispatcher's recheck all decide through it.
public struct SendPolicy: Sendable {
    public let engine: PolicyEngine
    /// Per connection name; a connection absent here has no limits (``AccountSettings/init()``).
    public let accounts: [String: AccountSettings]

    public init(settings: SendSettings) {
        engine = PolicyEngine(configuration: settings.policy)
        accounts = settings.accounts
    }

    /// The connection's account settings (the defaults when it has no `outbound:` block).
    public func account(_ connection: String) -> AccountSettings { accounts[connection] ?? AccountSettings() }

    /// The ledger keys a decision on `message` through `connection` reads: the conversation, the connection's
    /// prepaid wallet (`outbound.wallet`, else the connection's name; none when not prepaid), its portfolio's
    /// messaging-limit counter (`outbound.portfolio`, else the connection's name) over the last 24 h.
    public func scope(conversation: String, channel: Channel, account: String, contact: String, connection: String, now: Timestamp)
        -> LedgerScope
    {
        let settings = self.account(connection)
        return LedgerScope(
            connection: connection, conversation: conversation, channel: channel, account: account, contact: contact,
            wallet: settings.walletID(connection: connection), portfolio: settings.portfolioID(connection: connection),
            reachSince: Timestamp(milliseconds: now.milliseconds - Self.reachWindowMilliseconds),
            countsContacts: settings.contactCap != nil)
    }

    /// ``scope(conversation:channel:account:contact:connection:now:)`` for a message.
    public func scope(for message: OutboundMessage, connection: String, now: Timestamp) -> LedgerScope {
        scope(
            conversation: message.conversation, channel: message.channel, account: message.account, contact: message.to,
            connection: connection, now: now)
    }

    /// The rolling window of the messaging limit: 24 h.
    static let reachWindowMilliseconds: Int64 = 24 * 3_600_000

    /// The policy's view of the account: the connection's configuration (cap, tier, blocklist, consent,
    /// templates) with the ledger's snapshot applied (wallet, catalog, account status, contact flags, counters)
    /// and the price table. A prepaid connection whose wallet is missing decides from an empty wallet: paid
    /// messages are refused rather than sent unpaid.
    public func accountState(
        message: OutboundMessage, connection: String, snapshot: LedgerSnapshot, rateCard: RateCard, recipientIsGroup: Bool
    ) -> AccountState {
        let settings = account(connection)
        var state = AccountState(
            contactCap: settings.contactCap, messagingTier: settings.messagingTier, blocklisted: settings.blocklist.contains(message.to),
            consentRequired: settings.consentRequired, templates: settings.templates, rateCard: rateCard,
            recipientIsGroup: recipientIsGroup
        )
        .applying(snapshot)
        if state.wallet == nil, let wallet = settings.walletID(connection: connection) {
            state.wallet = WalletState(id: wallet, currency: settings.currency ?? engine.configuration.prices.currency)
        }
        return state
    }

    /// A decision and what it was decided from.
    public struct Decided: Sendable {
        public var decision: PolicyDecision
        /// Sent outside the contact's service window (counts for the messaging limit).
        public var businessInitiated: Bool
        /// The account state the policy read.
        public var account: AccountState
    }

    /// The decision on `message` from `snapshot` at `now`.
    public func decide(
        message: OutboundMessage, connection: String, snapshot: LedgerSnapshot, rateCard: RateCard, recipientIsGroup: Bool, now: Timestamp
    ) -> Decided {
        let account = accountState(
            message: message, connection: connection, snapshot: snapshot, rateCard: rateCard, recipientIsGroup: recipientIsGroup)
        let decision = engine.decide(message: message, conversation: snapshot.conversation, account: account, now: now)
        let window = Int64(engine.configuration.serviceWindow.components.seconds) * 1000
        let businessInitiated = snapshot.conversation.lastInboundAt.map { now.milliseconds - $0.milliseconds > window } ?? true
        return Decided(decision: decision, businessInitiated: businessInitiated, account: account)
    }

    /// The accept path's decision: refused, or accepted with what the message reserves
    /// (``PolicyEngine/reservation(for:id:decision:conversation:account:now:)``: its hold, the conversation's
    /// new counters, the reach).
    public func verdict(
        message: OutboundMessage, messageID: String, connection: String, snapshot: LedgerSnapshot, rateCard: RateCard,
        recipientIsGroup: Bool, now: Timestamp
    ) -> AcceptVerdict {
        let decided = decide(
            message: message, connection: connection, snapshot: snapshot, rateCard: rateCard, recipientIsGroup: recipientIsGroup, now: now)
        guard decided.decision.isAllowed else { return .refuse(decision: decided.decision.json) }
        let reservation = engine.reservation(
            for: message, id: messageID, decision: decided.decision, conversation: snapshot.conversation, account: decided.account, now: now
        )
        return .accept(decision: decided.decision.json, businessInitiated: decided.businessInitiated, reservation: reservation)
    }

    /// The decision right before a queued message is sent (``PolicyEngine/decideAtDispatch(message:conversation:account:now:)``):
    /// only the rules whose answer can change while a message waits and that reserve nothing.
    public func decideAtDispatch(
        message: OutboundMessage, connection: String, snapshot: LedgerSnapshot, rateCard: RateCard, recipientIsGroup: Bool, now: Timestamp
    ) -> PolicyDecision {
        let account = accountState(
            message: message, connection: connection, snapshot: snapshot, rateCard: rateCard, recipientIsGroup: recipientIsGroup)
        return engine.decideAtDispatch(message: message, conversation: snapshot.conversation, account: account, now: now)
    }
}
