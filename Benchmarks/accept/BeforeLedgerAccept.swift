import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardPolicy
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport

/// `POST /v1/messages` as the previous main accepted it (its SendAPI.send and SendAPI.decide, kept here for the
/// comparison): Bearer key check, parse, the conversation read, the account facts read (known contacts, reach in
/// the last 24 h), the policy's decision on a configured balance no send lowers, the request hash, and
/// `enqueueOutbound`. No idempotency key is sent, so its replay read is skipped on both arms.
struct BeforeLedgerAccept: Sendable {
    let store: any SendQueue & ConversationStore
    let connection: ConnectionConfig
    let apiKey: String
    let account: AccountState
    let engine = PolicyEngine()

    func application(port: Int, logger: Logger) -> Application<RouterResponder<BasicRequestContext>> {
        let router = Router(context: BasicRequestContext.self)
        router.get("healthz") { _, _ in Response(status: .ok) }
        router.post("v1/messages") { request, _ in await send(request) }
        return Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), backlog: 4096),
            logger: logger)
    }

    func send(_ request: Request) async -> Response {
        guard let header = request.headers[.authorization],
            Signature.constantTimeEquals(Array(header.dropFirst(7).utf8), Array(apiKey.utf8))
        else { return Response(status: .unauthorized) }
        guard let buffer = try? await request.body.collect(upTo: 1 << 20),
            let json = try? JSONParser.parse(Array(buffer.readableBytesView)),
            let message = try? OutboundMessage(json: json)
        else { return Response(status: .badRequest) }
        let now = Timestamp(Date())
        do {
            let state =
                try await store.conversation(message.conversation)
                ?? ConversationState(channel: message.channel, account: message.account, contact: message.to)
            let window = Int64(engine.configuration.serviceWindow.components.seconds) * 1000
            let businessInitiated = state.lastInboundAt.map { now.milliseconds - $0.milliseconds > window } ?? true
            let facts = try await store.outboundAccountFacts(
                conversation: message.conversation, since: Timestamp(milliseconds: now.milliseconds - 24 * 3_600_000))
            var account = self.account
            account.knownContacts = facts.knownContacts
            account.contactIsKnown = facts.contactIsKnown
            account.uniqueBusinessInitiatedContacts24h = facts.uniqueBusinessInitiatedContacts
            account.contactReachedInLast24h = facts.contactReached
            let decision = engine.decide(message: message, conversation: state, account: account, now: now)
            guard decision.isAllowed else { return jsonResponse(.unprocessableContent, decision.json) }
            let requestHash = Signature.hex(
                Signature.digest(.sha256, Array(message.json.canonicalText.utf8) + Array(connection.name.utf8)))
            let new = NewOutboundMessage(
                id: "msg_" + UUID().uuidString, connection: connection.name, conversation: message.conversation, recipient: message.to,
                apiKeyID: "bench", idempotencyKey: nil, requestHash: requestHash, businessInitiated: businessInitiated,
                message: message.json, decision: decision.json, createdAt: now)
            guard case .created(let record) = try await store.enqueueOutbound(new) else { return Response(status: .conflict) }
            var object = JSONObject()
            object.set("id", .string(record.id))
            object.set("status", .string(record.deliveryStatus.rawValue))
            object.set("state", .string(record.state.rawValue))
            object.set("conversation", .string(record.conversation))
            object.set("decision", record.decision)
            object.set("idempotent_replay", .bool(false))
            return jsonResponse(.accepted, .object(object))
        } catch {
            return Response(status: .serviceUnavailable)
        }
    }

    private func jsonResponse(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(body.canonicalText.utf8))))
    }
}

/// The dispatcher is off in both arms: nothing is sent.
struct UnusedTransport: HTTPTransport {
    func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        throw TransportError(code: .connectFailed, message: "the accept benchmark sends nothing")
    }
}
