import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardPolicy
import SwitchboardStore

/// Parsing a send request and deciding on it: shared by `POST /v1/messages` and `POST /v1/messages/check`.
extension SendAPI {
    /// A parsed, authorized, decided request.
    struct Decided: Sendable {
        var message: OutboundMessage
        var connection: ConnectionConfig
        var conversation: ConversationState
        var decision: PolicyDecision
        var businessInitiated: Bool
    }

    /// A refusal before the policy is asked (bad JSON, scope), as an HTTP answer.
    struct RequestProblem: Error {
        var status: Int
        var body: JSONValue

        init(_ status: Int, code: String, message: String) {
            self.status = status
            body = ["code": .string(code), "message": .string(message)]
        }
    }

    /// Parses the body, resolves the connection within the caller's scope, and decides.
    func decide(body: [UInt8], caller: APIKeyAuthenticator.Caller, idempotencyKey: String?, now: Timestamp) async throws(RequestProblem)
        -> Decided
    {
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch {
            throw RequestProblem(400, code: "invalid_json", message: "the body is not JSON: \(error)")
        }
        var message: OutboundMessage
        do { message = try OutboundMessage(json: json) } catch {
            throw RequestProblem(400, code: error.code.rawValue, message: error.message)
        }
        if let idempotencyKey { message.idempotencyKey = idempotencyKey }
        let connection = try resolveConnection(for: message, named: json["connection"]?.string, caller: caller)
        let state: ConversationState
        do {
            state =
                try await store.conversation(message.conversation)
                ?? ConversationState(channel: message.channel, account: message.account, contact: message.to)
        } catch {
            throw RequestProblem(503, code: "store_unavailable", message: "\(error)")
        }
        let window = Int64(engine.configuration.serviceWindow.components.seconds) * 1000
        let businessInitiated = state.lastInboundAt.map { now.milliseconds - $0.milliseconds > window } ?? true
        let account = try await accountState(for: message, connection: connection, now: now)
        let decision = engine.decide(message: message, conversation: state, account: account, now: now)
        return Decided(
            message: message, connection: connection, conversation: state, decision: decision, businessInitiated: businessInitiated)
    }

    /// The configured connection the message goes through: named in the body (`connection`), else the one
    /// carrying the message's channel and account. It must be in the caller's scope.
    func resolveConnection(for message: OutboundMessage, named name: String?, caller: APIKeyAuthenticator.Caller) throws(RequestProblem)
        -> ConnectionConfig
    {
        let candidates = configuration.connections.filter { connection in
            if let name { return connection.name == name }
            return connection.account == message.account && channels(of: connection).contains(message.channel)
        }
        guard !candidates.isEmpty else {
            throw RequestProblem(
                422, code: "unknown_connection",
                message: name.map { "no connection named \"\($0)\" is configured" }
                    ?? "no configured connection carries \(message.channel.rawValue) for account \(message.account)")
        }
        guard let allowed = candidates.first(where: { caller.may(use: $0.name) }) else {
            throw RequestProblem(403, code: "forbidden", message: "this API key may not use connection \"\(candidates[0].name)\"")
        }
        return allowed
    }

    /// The channels a connection carries: its configured channel, else its provider's (``ChannelAdapter/channels``);
    /// none for a provider no adapter is registered for.
    func channels(of connection: ConnectionConfig) -> Set<Channel> {
        registry.adapter(for: connection.provider)?.channels(of: connection) ?? connection.channel.map { [$0] } ?? []
    }

    /// The policy's view of the account: configuration (balance, cap, tier, blocklist, consent, templates)
    /// plus the store's counts (known contacts, unique business-initiated contacts in the last 24 h).
    func accountState(for message: OutboundMessage, connection: ConnectionConfig, now: Timestamp) async throws(RequestProblem)
        -> AccountState
    {
        let settings = self.settings.accounts[connection.name] ?? AccountSettings()
        let facts: OutboundAccountFacts
        do {
            facts = try await store.outboundAccountFacts(
                conversation: message.conversation, since: Timestamp(milliseconds: now.milliseconds - 24 * 3_600_000))
        } catch {
            throw RequestProblem(503, code: "store_unavailable", message: "\(error)")
        }
        return AccountState(
            prepaidBalances: settings.prepaidBalance.map { [message.account: $0] } ?? [:], contactCap: settings.contactCap,
            knownContacts: facts.knownContacts, contactIsKnown: facts.contactIsKnown, messagingTier: settings.messagingTier,
            uniqueBusinessInitiatedContacts24h: facts.uniqueBusinessInitiatedContacts, contactReachedInLast24h: facts.contactReached,
            blocklisted: settings.blocklist.contains(message.to), consentRequired: settings.consentRequired, templates: settings.templates,
            recipientIsGroup: registry.adapter(for: connection.provider)?.isGroup(recipient: message.to) ?? false)
    }
}
