import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// A connection's template catalog and contact cap: `GET /v1/connections/{name}/templates`,
/// `POST /v1/connections/{name}/templates/sync`, `PUT /v1/connections/{name}/contact_cap`.
extension AccountAPI {
    /// `GET /v1/connections/{name}/templates`: `{connection, known, synced_at, count, approved, last_error, items}`,
    /// each template with its status, category, quality and the provider's reason.
    func templates(_ request: Request, name: String) async -> Response {
        switch self.connection(request, name: name) {
        case .found: break
        case .answer(let answer): return answer
        }
        do {
            let catalog = try await store.templateCatalog(connection: name)
            var object = JSONObject([("connection", .string(name))])
            for (key, value) in Self.catalogFreshness(catalog).members { object.set(key, value) }
            let sorted = catalog.templates.sorted { ($0.name, $0.language) < ($1.name, $1.language) }
            object.set("items", .array(sorted.map(\.json)))
            return .json(.ok, .object(object))
        } catch {
            return Self.unavailable(error)
        }
    }

    /// `POST /v1/connections/{name}/templates/sync`: reads the catalog from the provider now (Meta:
    /// `GET /{waba-id}/message_templates`, every page) and replaces the stored one; `200 {connection, synced_at,
    /// count}`, `502 template_sync_failed` when the provider could not be read (the catalog stays as it was, the
    /// failure is shown with its freshness), `422 templates_not_configured` for a connection that cannot list
    /// templates (not WhatsApp, no `options.business_account_id`), `501` when this gateway runs without a reader.
    func sync(_ request: Request, name: String) async -> Response {
        let connection: ConnectionConfig
        let caller: APIKeyAuthenticator.Caller
        switch self.connection(request, name: name) {
        case .found(let found, let config):
            caller = found
            connection = config
        case .answer(let answer): return answer
        }
        guard let syncTemplates else {
            return APIProblem.response(
                .notImplemented, "not_configured", "this gateway has no template catalog reader",
                remedy: "templates are read at start and kept current by the template webhooks")
        }
        switch await syncTemplates(connection, Self.actor(caller)) {
        case .synced(let count, let at):
            logger.notice(
                "template catalog synced",
                metadata: [
                    "switchboard.connection": .string(name), "switchboard.templates": "\(count)",
                    "switchboard.actor": .string(Self.actor(caller)),
                ])
            var object = JSONObject()
            object.set("connection", .string(name))
            object.set("synced_at", .string(at.rfc3339))
            object.set("count", .int(Int64(count)))
            return .json(.ok, .object(object))
        case .failed(let code, let message) where code == "not_configured" || code == "unsupported":
            return APIProblem.response(
                .unprocessableContent, "templates_not_configured", message,
                remedy: "a Meta WhatsApp connection names its WhatsApp Business Account in options.business_account_id")
        case .failed(let code, let message):
            return APIProblem.response(
                .badGateway, "template_sync_failed", "\(code): \(message)",
                remedy: "check the connection's business_account_id and access token; the catalog stays as it was")
        }
    }

    /// `PUT /v1/connections/{name}/contact_cap` `{"cap": 500}` (or `{"cap": null}` for no cap): the plan's cap on
    /// distinct contacts, overriding `outbound.contact_cap`; `200 {connection, contact_cap}`; audit `contact_cap.set`.
    func contactCap(_ request: Request, name: String) async -> Response {
        let caller: APIKeyAuthenticator.Caller
        switch self.connection(request, name: name) {
        case .found(let found, _): caller = found
        case .answer(let answer): return answer
        }
        let body: JSONObject
        switch await jsonObject(request) {
        case .success(let object): body = object
        case .failure(let problem): return problem.response
        }
        let cap: Int?
        switch body["cap"] {
        case .null?: cap = nil
        case .number(let text)? where Int(text).map({ (0...Int(Int32.max)).contains($0) }) == true: cap = Int(text)
        default:
            return APIProblem.response(
                .badRequest, "invalid_cap", "the body must be {\"cap\": <whole number from 0 to \(Int32.max)>} or {\"cap\": null}")
        }
        do {
            try await store.setContactCap(connection: name, cap: cap, actor: Self.actor(caller), at: Timestamp(Date()))
            logger.notice(
                "contact cap set",
                metadata: [
                    "switchboard.connection": .string(name), "switchboard.cap": .string(cap.map(String.init) ?? "none"),
                    "switchboard.actor": .string(Self.actor(caller)),
                ])
            var object = JSONObject()
            object.set("connection", .string(name))
            object.set("contact_cap", cap.map { .int(Int64($0)) } ?? .null)
            return .json(.ok, .object(object))
        } catch {
            return Self.unavailable(error)
        }
    }
}
