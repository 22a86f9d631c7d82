import AdapterKit
import Foundation
import SwitchboardCore
import SwitchboardPolicy
import SwitchboardStore

/// Parsing a send request: shared by `POST /v1/messages` and `POST /v1/messages/check`.
extension SendAPI {
    /// A parsed, authorized request: the message and the connection it goes through.
    struct Parsed: Sendable {
        var message: OutboundMessage
        var connection: ConnectionConfig
        /// The recipient is a group chat (the adapter's ``ChannelAdapter/isGroup(recipient:)``).
        var recipientIsGroup: Bool
    }

    /// A refusal before the policy is asked (bad JSON, scope), as an HTTP answer.
    struct RequestProblem: Error {
        var status: Int
        var body: JSONValue

        init(_ status: Int, code: String, message: String, remedy: String? = nil) {
            self.status = status
            var object = JSONObject()
            object.set("code", .string(code))
            object.set("message", .string(message))
            object.set("remedy", remedy.map(JSONValue.string))
            body = .object(object)
        }
    }

    /// Parses the body and resolves the connection within the caller's scope.
    func parse(body: [UInt8], caller: APIKeyAuthenticator.Caller, idempotencyKey: String?) throws(RequestProblem) -> Parsed {
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch {
            throw RequestProblem(400, code: "invalid_json", message: "the body is not JSON: \(error)")
        }
        if let problem = SendRequestShape.problem(json) {
            throw RequestProblem(400, code: "invalid_message", message: problem, remedy: "see OutboundMessage in GET /openapi.json")
        }
        var message: OutboundMessage
        do { message = try OutboundMessage(json: json) } catch {
            throw RequestProblem(400, code: error.code.rawValue, message: error.message)
        }
        if let idempotencyKey { message.idempotencyKey = idempotencyKey }
        if let key = message.idempotencyKey, let problem = IdempotencyKeyHeader.problem(key) {
            throw RequestProblem(400, code: "invalid_idempotency_key", message: problem, remedy: IdempotencyKeyHeader.remedy)
        }
        let connection = try resolveConnection(for: message, named: json["connection"]?.string, caller: caller)
        let isGroup = registry.adapter(for: connection.provider)?.isGroup(recipient: message.to) ?? false
        return Parsed(message: message, connection: connection, recipientIsGroup: isGroup)
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
                    ?? "no configured connection carries \(message.channel.rawValue) for account \(message.account)",
                remedy: "address the message to a channel and account a configured connection carries, or name one as connection")
        }
        guard let allowed = candidates.first(where: { caller.may(use: $0.name) }) else {
            throw RequestProblem(
                403, code: "forbidden", message: "this API key may not use connection \"\(candidates[0].name)\"",
                remedy: "use an API key scoped to that connection")
        }
        return allowed
    }

    /// The channels a connection carries: its configured channel, else its provider's (``ChannelAdapter/channels``);
    /// none for a provider no adapter is registered for.
    func channels(of connection: ConnectionConfig) -> Set<Channel> {
        registry.adapter(for: connection.provider)?.channels(of: connection) ?? connection.channel.map { [$0] } ?? []
    }
}
