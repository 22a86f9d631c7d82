import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

extension WebhookPipeline {
    /// Which connection each decoded event of a request belongs to.
    enum Attribution: Sendable {
        /// Every event, as a record of the connection that owns its account.
        case owned([EventRecord])
        /// An event names an account no verifying connection owns: the reason (`account_not_owned: ...`).
        case notOwned(String)
        /// The request does not decode for `connection`, which owns some of its events.
        case undecodable(ConnectionConfig, SwitchboardError)
    }

    /// Gives each of `events` (decoded by `adapter` for `decoded`, the first of `verified`) to the connection among `verified`,
    /// the connections whose secret verified `request`, that owns the account the event names
    /// (``ChannelAdapter/owner(of:among:)``): one connection cannot speak for another, even when they share a
    /// secret (one Meta app for several businesses). The events of another connection than `decoded` are decoded
    /// again with that connection's context, so they carry what a delivery to its own path would (the values the
    /// body leaves out, such as an email's mailbox or a channel, are that connection's).
    func attribute(
        _ events: [CanonicalEvent], decodedFor decoded: ConnectionConfig, verified: [ConnectionConfig], request: InboundRequest,
        adapter: any ChannelAdapter
    ) -> Attribution {
        var owners: [ConnectionConfig] = []
        owners.reserveCapacity(events.count)
        for event in events {
            var owner = adapter.owner(of: event.account, among: verified)
            if AccountChange.isAccountLevel(event) {
                // Never a connection of another business account, whatever the ordinary rule says.
                let candidates = verified.filter { $0.businessAccountID == nil || $0.businessAccountID == event.account }
                owner = businessAccountOwner(of: event.account, among: verified) ?? adapter.owner(of: event.account, among: candidates)
            }
            guard let owner else {
                return .notOwned(Self.notOwnedReason(account: event.account, verified: verified))
            }
            owners.append(owner)
        }
        var owned = events
        let decodedContext = DecodeContext(connection: decoded)
        var decodedAgain: [String: [CanonicalEvent]] = [:]
        for index in owned.indices where owners[index].name != decoded.name {
            let owner = owners[index]
            let context = DecodeContext(connection: owner)
            guard context != decodedContext else { continue }
            if decodedAgain[owner.name] == nil {
                do {
                    decodedAgain[owner.name] = try adapter.decode(request, context: context)
                } catch {
                    return .undecodable(owner, error)
                }
            }
            // A decoder gives the same events, in the same order, whatever the context: only the values the body
            // leaves out come from it.
            if let again = decodedAgain[owner.name], again.count == owned.count { owned[index] = again[index] }
        }
        var records: [EventRecord] = []
        records.reserveCapacity(owned.count)
        for (event, owner) in zip(owned, owners) {
            records.append(record(event, connection: owner.name, accountConnections: accountConnections(of: event, owner: owner)))
        }
        return .owned(records)
    }

    /// The connection an account-level event (a template, the messaging limit, a restriction:
    /// ``AccountChange/isAccountLevel(_:)``), which names the WhatsApp Business Account id, belongs to: the first of
    /// `verified` whose `options.business_account_id` is that id; else the first that names no business account and
    /// may carry WhatsApp (the connection the webhook arrived on, in the single-business case). A connection naming
    /// another business account never takes it: with one Meta app for several businesses, one business's templates
    /// must not change another's catalog. `nil`: the ordinary account rule decides.
    func businessAccountOwner(of account: String, among verified: [ConnectionConfig]) -> ConnectionConfig? {
        guard !account.isEmpty else { return nil }
        if let named = verified.first(where: { $0.businessAccountID == account }) { return named }
        return verified.first { $0.businessAccountID == nil && ($0.channel == nil || $0.channel == .whatsapp) }
    }

    /// The connections whose account state an account-level event changes: every configured connection naming its
    /// business account in `options.business_account_id` (the numbers of one WhatsApp Business Account share its
    /// templates and limits), else the connection it belongs to. `nil` (the owner alone) for any other event.
    func accountConnections(of event: CanonicalEvent, owner: ConnectionConfig) -> [String]? {
        guard AccountChange.isAccountLevel(event) else { return nil }
        let named = configuration.connections.filter { $0.businessAccountID == event.account }.map(\.name)
        return named.isEmpty ? [owner.name] : named
    }

    /// `account_not_owned: the body names account "X"; no connection whose secret verifies owns it (verified: a, b)`,
    /// the account shortened and without control characters (it comes from the body, and goes to the logs and the reply).
    static func notOwnedReason(account: String, verified: [ConnectionConfig]) -> String {
        var shown = String(account.unicodeScalars.prefix(64).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        if account.unicodeScalars.count > 64 { shown += "…" }
        return "account_not_owned: the body names account \"\(shown)\"; no connection whose secret verifies owns it (verified: "
            + verified.map(\.name).joined(separator: ", ") + ")"
    }
}

extension ConnectionConfig {
    /// The WhatsApp Business Account the connection's number belongs to (`options.business_account_id`), when set.
    var businessAccountID: String? {
        guard let id = options["business_account_id"]?.trimmingCharacters(in: .whitespaces), !id.isEmpty else { return nil }
        return id
    }
}
