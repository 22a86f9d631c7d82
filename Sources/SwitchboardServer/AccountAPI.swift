import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// The operator's account API (docs/account-api.md): what the ledger knows about a connection's account and the
/// actions that change it, each recorded with its actor `api:<key id>` in the wallet's history or the audit list.
///
/// - `GET /v1/connections/{name}/account`; `POST /v1/connections/{name}/balance` (top-up, adjustment;
///   `Idempotency-Key`), `GET /v1/connections/{name}/balance/entries` (`AccountAPI+Balance.swift`);
/// - `GET /v1/connections/{name}/templates`, `POST /v1/connections/{name}/templates/sync`,
///   `PUT /v1/connections/{name}/contact_cap` (`AccountAPI+Connection.swift`);
/// - `PUT|DELETE /v1/conversations/{conversation}/consent` and `.../block` (`AccountAPI+Contacts.swift`);
/// - `POST|GET /v1/prices` (the CSV price table), `GET /v1/audit` (`AccountAPI+Prices.swift`).
///
/// Bearer API keys as for the send API: a connection's routes need a key scoped to it (`403` otherwise, `404` for
/// a connection not configured), a conversation's a key scoped to a connection carrying its channel and account;
/// importing prices concerns every connection and needs a key scoped to none.
struct AccountAPI: Sendable {
    let store: any AccountLedger
    let connections: [ConnectionConfig]
    /// The adapters, asked which channels a connection carries.
    let registry: AdapterRegistry
    /// The policy and the API keys in force (a configuration reload swaps them).
    let live: LiveSettings
    /// The send path's copy of the price table, replaced at once after an import.
    let rateCards: RateCardCache?
    /// The configured wallets being opened at start: the wallet routes wait for it.
    let wallets: WalletStartup?
    /// Reads a connection's template catalog from its provider and stores it, recording the actor (the second
    /// argument) in the audit list (``TemplateCatalogSync``); `nil` when the gateway runs without one (the sync route
    /// answers `501`).
    let syncTemplates: (@Sendable (ConnectionConfig, String) async -> TemplateSyncAnswer)?
    /// Reads request bodies (JSON and the CSV price table) up to `limits.max_api_body_bytes`.
    let bodyReader: APIBodyReader
    let logger: Logger

    var authenticator: APIKeyAuthenticator { live.authenticator }

    /// Every route, as `(method, OpenAPI path)` (the OpenAPI test checks the document against these).
    static let routes: [(method: String, path: String)] = [
        ("get", "/v1/connections/{name}/account"), ("post", "/v1/connections/{name}/balance"),
        ("get", "/v1/connections/{name}/balance/entries"), ("get", "/v1/connections/{name}/templates"),
        ("post", "/v1/connections/{name}/templates/sync"), ("put", "/v1/connections/{name}/contact_cap"),
        ("put", "/v1/conversations/{conversation}/consent"), ("delete", "/v1/conversations/{conversation}/consent"),
        ("put", "/v1/conversations/{conversation}/block"), ("delete", "/v1/conversations/{conversation}/block"),
        ("post", "/v1/prices"), ("get", "/v1/prices"), ("get", "/v1/audit"),
    ]

    func register(on router: Router<BasicRequestContext>) {
        router.get("v1/connections/:name/account") { request, context in await account(request, name: Self.name(context)) }
        router.post("v1/connections/:name/balance") { request, context in await credit(request, name: Self.name(context)) }
        router.get("v1/connections/:name/balance/entries") { request, context in await entries(request, name: Self.name(context)) }
        router.get("v1/connections/:name/templates") { request, context in await templates(request, name: Self.name(context)) }
        router.post("v1/connections/:name/templates/sync") { request, context in await sync(request, name: Self.name(context)) }
        router.put("v1/connections/:name/contact_cap") { request, context in await contactCap(request, name: Self.name(context)) }
        router.put("v1/conversations/:conversation/consent") { request, context in
            await consent(request, conversation: Self.conversation(context), record: true)
        }
        router.delete("v1/conversations/:conversation/consent") { request, context in
            await consent(request, conversation: Self.conversation(context), record: false)
        }
        router.put("v1/conversations/:conversation/block") { request, context in
            await block(request, conversation: Self.conversation(context), blocked: true)
        }
        router.delete("v1/conversations/:conversation/block") { request, context in
            await block(request, conversation: Self.conversation(context), blocked: false)
        }
        router.post("v1/prices") { request, _ in await importPrices(request) }
        router.get("v1/prices") { request, _ in await prices(request) }
        router.get("v1/audit") { request, _ in await audit(request) }
    }

    /// The `{name}` of the path.
    static func name(_ context: BasicRequestContext) -> String { context.parameters.get("name") ?? "" }

    /// The `{conversation}` of the path, percent-decoded.
    static func conversation(_ context: BasicRequestContext) -> String {
        let raw = context.parameters.get("conversation") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// A caller and what it may act on, or the answer to give instead.
    enum Lookup<Value> {
        case found(APIKeyAuthenticator.Caller, Value)
        case answer(Response)
    }

    /// The configured connection `name` when the caller's key may use it.
    func connection(_ request: Request, name: String) -> Lookup<ConnectionConfig> {
        guard let caller = authenticator.authenticate(request) else { return .answer(APIProblem.unauthorized) }
        guard let connection = connections.first(where: { $0.name == name }) else {
            return .answer(APIProblem.response(.notFound, "not_found", "no connection named \"\(name)\" is configured"))
        }
        guard caller.may(use: name) else {
            return .answer(APIProblem.response(.forbidden, "forbidden", "this API key may not use connection \"\(name)\""))
        }
        return .found(caller, connection)
    }

    /// The conversation `key` (`channel:account:contact`) and the configured connection carrying it, when the
    /// caller's key may use that connection.
    func conversation(_ request: Request, key: String) -> Lookup<(conversation: String, connection: ConnectionConfig)> {
        guard let caller = authenticator.authenticate(request) else { return .answer(APIProblem.unauthorized) }
        // Split on the scalar ":", not on characters: a combining mark after ":" makes one character of both.
        let parts = key.unicodeScalars.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let channel = Channel(rawValue: parts[0]), !parts[1].isEmpty, !parts[2].isEmpty else {
            return .answer(
                APIProblem.response(
                    .badRequest, "invalid_conversation", "\"\(key)\" is not a conversation (channel:account:contact)",
                    remedy: "for example whatsapp:106540352242922:16505551234 (percent-encode + as %2B)"))
        }
        let carrying = connections.filter { connection in
            let channels = registry.adapter(for: connection.provider)?.channels(of: connection) ?? connection.channel.map { [$0] } ?? []
            return connection.account == parts[1] && channels.contains(channel)
        }
        guard !carrying.isEmpty else {
            return .answer(
                APIProblem.response(.notFound, "not_found", "no configured connection carries \(channel.rawValue) account \(parts[1])"))
        }
        guard let allowed = carrying.first(where: { caller.may(use: $0.name) }) else {
            return .answer(
                APIProblem.response(.forbidden, "forbidden", "this API key may not use connection \"\(carrying[0].name)\""))
        }
        return .found(caller, (key, allowed))
    }

    /// The actor of the caller's actions in the ledger and the audit list.
    static func actor(_ caller: APIKeyAuthenticator.Caller) -> String { "api:\(caller.keyID)" }

    /// `nil` once the configured wallets are open, else the answer to give.
    func walletsOpen() async -> Response? {
        do {
            try await wallets?.ready()
            return nil
        } catch {
            return Self.unavailable(error)
        }
    }

    /// The answer to a store failure.
    static func unavailable(_ error: StoreError) -> Response {
        APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
    }

    /// The JSON object of the body; an empty body is `{}` when `emptyIsObject`. The answer to give otherwise.
    func jsonObject(_ request: Request, emptyIsObject: Bool = false) async -> Result<JSONObject, ResponseProblem> {
        let body: [UInt8]
        switch await bodyReader.read(request) {
        case .success(let read): body = read
        case .failure(let problem): return .failure(problem)
        }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }), emptyIsObject { return .success(JSONObject()) }
        guard let json = try? JSONParser.parse(body), let object = json.object else {
            return .failure(ResponseProblem(APIProblem.response(.badRequest, "invalid_json", "the body must be a JSON object")))
        }
        return .success(object)
    }

    /// An optional string member: absent and `null` are `nil`; anything else but a string is a problem.
    static func optionalString(_ object: JSONObject, _ key: String, maxLength: Int = 2000) -> Result<String?, ResponseProblem> {
        switch object[key] {
        case nil, .null?: return .success(nil)
        case .string(let text)?:
            guard text.count <= maxLength else {
                return .failure(
                    ResponseProblem(APIProblem.response(.badRequest, "invalid_\(key)", "\(key) is longer than \(maxLength) characters")))
            }
            return .success(text)
        default:
            return .failure(ResponseProblem(APIProblem.response(.badRequest, "invalid_\(key)", "\(key) must be a string")))
        }
    }
}

/// An HTTP answer carried as an error (a request refused before the store is asked).
struct ResponseProblem: Error {
    var response: Response
    init(_ response: Response) { self.response = response }
}

/// What a template sync answered: the number of templates read, or why it failed (the catalog stays as it was).
enum TemplateSyncAnswer: Sendable, Hashable {
    case synced(count: Int, at: Timestamp)
    case failed(code: String, message: String)
}
