import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardQueue
import SwitchboardStore

/// The agent API (docs/send-api.md, SendAPI/openapi.yaml): `POST /v1/messages`, `POST /v1/messages/check`,
/// `GET /v1/messages/{id}`, `POST /v1/messages/{id}/redrive`, `GET /openapi.json`.
struct SendAPI: Sendable {
    let store: any SendQueue & AccountLedger
    let configuration: GatewayConfiguration
    /// The adapters, asked which channels a connection carries.
    let registry: AdapterRegistry
    /// The settings read at start (the dispatcher's retry policy and lease, for redrive).
    let settings: SendSettings
    /// The policy and the API keys in force (a configuration reload swaps them).
    let live: LiveSettings
    /// The imported price table.
    let rateCards: RateCardCache
    /// The configured wallets being opened at start: decisions wait for it.
    let wallets: WalletStartup
    let metrics: GatewayMetrics?
    /// Tells the dispatcher new work is due.
    let wake: @Sendable () -> Void

    init(
        store: any SendQueue & AccountLedger, configuration: GatewayConfiguration, registry: AdapterRegistry, settings: SendSettings,
        live: LiveSettings, rateCards: RateCardCache, wallets: WalletStartup, metrics: GatewayMetrics? = nil,
        wake: @escaping @Sendable () -> Void
    ) {
        self.store = store
        self.registry = registry
        self.metrics = metrics
        self.configuration = configuration
        self.settings = settings
        self.live = live
        self.rateCards = rateCards
        self.wallets = wallets
        self.wake = wake
    }

    var authenticator: APIKeyAuthenticator { live.authenticator }

    /// Every route this API serves, as `(method, OpenAPI path)`; a test checks the OpenAPI document lists exactly these.
    static let routes: [(method: String, path: String)] = [
        ("post", "/v1/messages"), ("get", "/v1/messages"), ("post", "/v1/messages/check"), ("get", "/v1/messages/{id}"),
        ("post", "/v1/messages/{id}/redrive"), ("get", "/openapi.json"),
    ]

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/messages") { request, _ in await send(request) }
        router.get("v1/messages") { request, _ in await list(request) }
        router.post("v1/messages/check") { request, _ in await check(request) }
        router.get("v1/messages/:id") { request, context in await status(request, id: context.parameters.get("id") ?? "") }
        router.post("v1/messages/:id/redrive") { request, context in await redrive(request, id: context.parameters.get("id") ?? "") }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
        }
    }

    /// The body, up to `limits.max_api_body_bytes` (``APIBodyReader``), or the answer to give instead.
    private func readBody(_ request: Request) async -> Result<[UInt8], ResponseProblem> {
        await APIBodyReader(limit: configuration.limits.maxAPIBodyBytes).read(request)
    }

    /// `POST /v1/messages`: the decision and the reservation are one step with the insert
    /// (``AccountLedger/acceptOutbound(_:scope:decide:)``): the store reads the ledger under its locks, the
    /// policy decides from that snapshot, and an accepted message is written with its hold and counters. An
    /// idempotency key this API key already used answers with the first result (or 409 for another body).
    func send(_ request: Request) async -> Response {
        guard let caller = authenticator.authenticate(request) else { return APIProblem.unauthorized }
        let body: [UInt8]
        switch await readBody(request) {
        case .success(let read): body = read
        case .failure(let problem): return problem.response
        }
        let headerKey = request.headers[HTTPField.Name("Idempotency-Key")!]
        let now = Timestamp(Date())
        let parsed: Parsed
        do {
            parsed = try parse(body: body, caller: caller, idempotencyKey: headerKey)
        } catch {
            return .json(HTTPResponse.Status(code: error.status), error.body)
        }
        do { try await wallets.ready() } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
        var message = parsed.message
        let key = message.idempotencyKey
        message.idempotencyKey = nil
        let requestHash = Signature.hex(
            Signature.digest(.sha256, Array(message.json.canonicalText.utf8) + Array(parsed.connection.name.utf8)))
        message.idempotencyKey = key
        let policy = live.policy
        let connection = parsed.connection.name
        let rateCard = await rateCards.current()
        let id = Self.newID()
        let new = NewOutboundMessage(
            id: id, connection: connection, conversation: message.conversation, recipient: message.to, apiKeyID: caller.keyID,
            idempotencyKey: key, requestHash: requestHash, businessInitiated: false, message: message.json, decision: .null,
            createdAt: now)
        let decided = message
        let isGroup = parsed.recipientIsGroup
        let outcome: AcceptOutcome
        do {
            outcome = try await store.acceptOutbound(new, scope: policy.scope(for: message, connection: connection, now: now)) { snapshot in
                policy.verdict(
                    message: decided, messageID: id, connection: connection, snapshot: snapshot, rateCard: rateCard,
                    recipientIsGroup: isGroup, now: now)
            }
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
        switch outcome {
        case .created(let record):
            metrics?.outboundDecision(connection: connection, outcome: "accepted", rule: record.decision["rule"]?.string ?? "")
            wake()
            return .json(.accepted, Self.accepted(record, replayed: false))
        case .existing(let record, let same):
            return same ? .json(.accepted, Self.accepted(record, replayed: true)) : Self.keyReused(key ?? "")
        case .refused(let decision):
            metrics?.outboundDecision(connection: connection, outcome: "refused", rule: decision["rule"]?.string ?? "")
            return .json(.unprocessableContent, decision)
        }
    }

    private static func keyReused(_ key: String) -> Response {
        APIProblem.response(.conflict, "idempotency_key_reused", "the Idempotency-Key \"\(key)\" was already used with a different message")
    }

    /// `{id, status, state, conversation, decision, idempotent_replay}`.
    static func accepted(_ record: OutboundRecord, replayed: Bool) -> JSONValue {
        var object = JSONObject()
        object.set("id", .string(record.id))
        object.set("status", .string(record.deliveryStatus.rawValue))
        object.set("state", .string(record.state.rawValue))
        object.set("conversation", .string(record.conversation))
        object.set("decision", record.decision)
        object.set("idempotent_replay", .bool(replayed))
        return .object(object)
    }

    /// `POST /v1/messages/check`: the same decision as `POST /v1/messages`, from a lock-free snapshot of the
    /// ledger; nothing is written.
    func check(_ request: Request) async -> Response {
        guard let caller = authenticator.authenticate(request) else { return APIProblem.unauthorized }
        let body: [UInt8]
        switch await readBody(request) {
        case .success(let read): body = read
        case .failure(let problem): return problem.response
        }
        let now = Timestamp(Date())
        let parsed: Parsed
        do {
            parsed = try parse(body: body, caller: caller, idempotencyKey: nil)
        } catch {
            return .json(HTTPResponse.Status(code: error.status), error.body)
        }
        let policy = live.policy
        let connection = parsed.connection.name
        let snapshot: LedgerSnapshot
        do {
            try await wallets.ready()
            snapshot = try await store.ledgerSnapshot(policy.scope(for: parsed.message, connection: connection, now: now))
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
        let decided = policy.decide(
            message: parsed.message, connection: connection, snapshot: snapshot, rateCard: await rateCards.current(),
            recipientIsGroup: parsed.recipientIsGroup, now: now)
        return .json(.ok, decided.decision.json)
    }

    /// A message the caller may see, or the answer to give instead.
    enum Lookup {
        case found(OutboundRecord)
        case answer(Response)
    }

    private func authorizedRecord(_ request: Request, id: String) async -> Lookup {
        guard let caller = authenticator.authenticate(request) else { return .answer(APIProblem.unauthorized) }
        let record: OutboundRecord?
        do { record = try await store.outboundMessage(id: id) } catch {
            return .answer(APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)"))
        }
        guard let record, caller.may(use: record.connection) else {
            return .answer(APIProblem.response(.notFound, "not_found", "no message \(id)"))
        }
        return .found(record)
    }

    func status(_ request: Request, id: String) async -> Response {
        let record: OutboundRecord
        switch await authorizedRecord(request, id: id) {
        case .answer(let response): return response
        case .found(let found): record = found
        }
        do {
            let history = try await store.outboundHistory(id: id)
            return .json(.ok, Self.statusJSON(record, history: history))
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
    }

    /// The body of `GET /v1/messages/{id}`.
    static func statusJSON(_ record: OutboundRecord, history: [OutboundHistoryEntry]) -> JSONValue {
        var object = JSONObject()
        object.set("id", .string(record.id))
        object.set("conversation", .string(record.conversation))
        object.set("connection", .string(record.connection))
        object.set("status", .string(record.deliveryStatus.rawValue))
        object.set("state", .string(record.state.rawValue))
        object.set("attempts", .number(String(record.attempts)))
        object.set("provider_message_id", record.providerMessageID.map(JSONValue.string))
        if record.state == .retryWait { object.set("next_attempt_at", .string(record.nextAttemptAt.rfc3339)) }
        object.set("last_failure", record.lastFailure?.json)
        if record.state == .dead { object.set("dead_letter", ["reason": .string(record.deadReason ?? "")]) }
        object.set("created_at", .string(record.createdAt.rfc3339))
        object.set("history", .array(history.map(\.json)))
        object.set("decision", record.decision)
        object.set("message", record.message)
        return .object(object)
    }

    func redrive(_ request: Request, id: String) async -> Response {
        let record: OutboundRecord
        switch await authorizedRecord(request, id: id) {
        case .answer(let response): return response
        case .found(let found): record = found
        }
        var machine = record.machine(retryPolicy: settings.dispatcher.retryPolicy, lease: settings.dispatcher.lease)
        let now = Timestamp(Date())
        let action = machine.handle(.redrive(at: WallClock.Instant(now)))
        guard let transition = record.transition(after: machine, action: action, at: now) else {
            return APIProblem.response(
                .conflict, "not_redrivable", "only dead or failed messages can be redriven; this one is \(record.state)")
        }
        // A failed or dead message's reservation was given back when it failed: sending it again would spend money
        // (or attachment quota) nothing holds. It must be queued again, through the policy and the ledger.
        do {
            if let hold = try await store.hold(messageID: id), hold.state == .released, hold.amount.isPositive || hold.attachmentBytes > 0 {
                return APIProblem.response(
                    .conflict, "reservation_released",
                    "the \(hold.amount.isPositive ? "money (\(hold.amount) held in wallet \(hold.wallet ?? ""))" : "attachment quota") "
                        + "reserved for this message was released when it failed, so a redrive would send it unreserved; "
                        + "queue it again with POST /v1/messages, which checks the policy and reserves anew")
            }
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
        do {
            guard try await store.applyOutbound([transition]).first == true else {
                return APIProblem.response(.conflict, "conflict", "the message changed meanwhile; try again")
            }
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
        wake()
        return .json(.accepted, ["id": .string(id), "state": .string("queued"), "status": .string("queued")])
    }

    /// `msg_` + 24 random hex digits.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt32
        return "msg_" + String(high, radix: 16).leftPadded(16) + String(low, radix: 16).leftPadded(8)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
