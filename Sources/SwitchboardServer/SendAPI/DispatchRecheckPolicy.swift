import AdapterKit
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardQueue
import SwitchboardStore

/// The policy asked again right before the dispatcher sends a message (``DispatchRecheck``): the conversation and
/// the ledger as they are now (``AccountLedger/ledgerSnapshot(_:)``, the scope built as the send API builds it) and
/// the policy in force (a SIGHUP reload included). A message that waited (a backlog, rate limits, retries) and
/// would now break a rule — the 24 h window closed, its template paused, the contact blocked or opted out — is
/// refused with the rule, the explanation and the remedy.
///
/// The decision is ``SendPolicy/decideAtDispatch(message:connection:snapshot:rateCard:recipientIsGroup:now:)``: the rules
/// whose limit the message's own acceptance already reserved are not asked again (its hold is already in the wallet's
/// held amount, its attachment bytes in the month's quota, its reach in the messaging limit, its private reply
/// recorded, its contact known to the plan's cap); asked again, they would count the message against itself.
///
/// A store that cannot be read answers ``DispatchRecheckVerdict/retryLater(reason:)``: sending is not known to be
/// safe, and a read failure is no reason to refuse.
struct DispatchRecheckPolicy: Sendable {
    let store: any AccountLedger
    /// The policy in force, read once per recheck.
    let policy: @Sendable () -> SendPolicy
    /// The imported price table (the send API's cache).
    let rateCards: RateCardCache
    let registry: AdapterRegistry
    let connections: [String: ConnectionConfig]

    init(
        store: any AccountLedger, policy: @escaping @Sendable () -> SendPolicy, rateCards: RateCardCache, registry: AdapterRegistry,
        connections: [ConnectionConfig]
    ) {
        self.store = store
        self.policy = policy
        self.rateCards = rateCards
        self.registry = registry
        self.connections = Dictionary(connections.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The closure the ``Dispatcher`` takes.
    var recheck: DispatchRecheck { { record, now in await verdict(for: record, at: now) } }

    /// Whether `record` may still be sent at `now`.
    func verdict(for record: OutboundRecord, at now: Timestamp) async -> DispatchRecheckVerdict {
        // A message that no longer parses, or a connection no longer configured, is the send's own failure to
        // report (the dispatcher's encode step): the policy has nothing to add.
        guard let message = try? OutboundMessage(json: record.message), let connection = connections[record.connection] else {
            return .send
        }
        let policy = policy()
        let snapshot: LedgerSnapshot
        do {
            snapshot = try await store.ledgerSnapshot(policy.scope(for: message, connection: connection.name, now: now))
        } catch {
            return .retryLater(reason: "\(error)")
        }
        let rateCard = await rateCards.current()
        let decision = policy.decideAtDispatch(
            message: message, connection: connection.name, snapshot: snapshot, rateCard: rateCard,
            recipientIsGroup: registry.adapter(for: connection.provider)?.isGroup(recipient: message.to) ?? false, now: now)
        guard let refusal = decision.refusal else { return .send }
        return .refuse(code: refusal.code, rule: refusal.rule, message: refusal.message, remedy: refusal.remedy)
    }
}
