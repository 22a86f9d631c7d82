import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardStore

/// `GET /v1/conversations/{conversation}`: a conversation's state (windows, consent, opt-out, usage) and when its
/// windows close.
///
/// Bearer API key, like the rest of `/v1`: the state says which phone numbers are customers and whether they
/// opted out, and the server that takes webhooks faces the internet. A key scoped to connections sees the
/// conversations of their channel and account; one of an account no connection carries, only an unscoped key.
struct ConversationAPI: Sendable {
    let store: any ConversationStore
    let connections: [ConnectionConfig]
    let authenticator: APIKeyAuthenticator

    /// Every route, as `(method, OpenAPI path)` (the OpenAPI test checks the document against these).
    static let routes: [(method: String, path: String)] = [("get", "/v1/conversations/{conversation}")]

    func register(on router: Router<BasicRequestContext>) {
        router.get("v1/conversations/:conversation") { request, context in
            let raw = context.parameters.get("conversation") ?? ""
            return await state(request, key: raw.removingPercentEncoding ?? raw)
        }
    }

    /// Whether `caller` may read the conversation `key` (`channel:account:contact`).
    func visible(_ key: String, to caller: APIKeyAuthenticator.Caller) -> Bool {
        if caller.connections.isEmpty { return true }
        let parts = key.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let channel = Channel(rawValue: String(parts[0])) else { return false }
        return connections.contains {
            $0.channel == channel && $0.account == parts[1] && caller.may(use: $0.name)
        }
    }

    func state(_ request: Request, key: String) async -> Response {
        guard let caller = authenticator.authenticate(request) else { return APIProblem.unauthorized }
        let notFound = APIProblem.response(.notFound, "not_found", "no events stored for conversation \(key)")
        guard visible(key, to: caller) else { return notFound }
        do {
            guard let state = try await store.conversation(key) else { return notFound }
            return .json(.ok, state.apiJSON(now: Timestamp(Date())))
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
    }
}
