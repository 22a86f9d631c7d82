import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardStore

/// The quarantine, for operators (docs/operations.md "Quarantine"): the webhooks a decoder refused, kept
/// byte-exact, listed and shown over the API, and run through the adapters again once the cause is fixed.
///
/// - `GET /v1/quarantine?limit=&before=`: newest first, a page at a time;
/// - `GET /v1/quarantine/{id}`: one request with its headers and body;
/// - `POST /v1/quarantine/{id}/reprocess`: decode it again and store its events (deduplicated, routed to the
///   subscribers like any webhook's).
///
/// Bearer API keys as for the send API; a key scoped to connections sees only their requests (a request
/// whose connection is unknown only with an unscoped key). No secret of a configured connection is shown: the
/// URL and headers are redacted (``WebhookRedaction``) when a request is kept and again when it is shown, for
/// rows kept before a secret was configured.
struct QuarantineAPI: Sendable {
    let store: any EventLog & QuarantineStore
    let pipeline: WebhookPipeline
    let authenticator: APIKeyAuthenticator

    /// Every route, as `(method, OpenAPI path)` (the OpenAPI test checks the document against these).
    static let routes: [(method: String, path: String)] = [
        ("get", "/v1/quarantine"), ("get", "/v1/quarantine/{id}"), ("post", "/v1/quarantine/{id}/reprocess"),
    ]

    func register(on router: Router<BasicRequestContext>) {
        router.get("v1/quarantine") { request, _ in await list(request) }
        router.get("v1/quarantine/:id") { request, context in await show(request, id: context.parameters.get("id") ?? "") }
        router.post("v1/quarantine/:id/reprocess") { request, context in
            await reprocess(request, id: context.parameters.get("id") ?? "")
        }
    }

    private static func unavailable(_ error: StoreError) -> Response {
        APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
    }

    /// Whether `caller` may see `request`.
    private static func visible(_ request: QuarantinedRequest, to caller: APIKeyAuthenticator.Caller) -> Bool {
        guard let connection = request.connection else { return caller.connections.isEmpty }
        return caller.may(use: connection)
    }

    func list(_ request: Request) async -> Response {
        guard let caller = authenticator.authenticate(request) else { return APIProblem.unauthorized }
        let page: PageQuery
        switch PageQuery.parse(request) {
        case .success(let parsed): page = parsed
        case .failure(let problem): return APIProblem.response(.badRequest, problem.code, problem.message)
        }
        // A scoped key filters rows out, so read store pages until this page is full or the quarantine ends.
        var visible: [QuarantinedRequest] = []
        var cursor = page.before
        do {
            while visible.count < page.limit {
                let rows = try await store.quarantined(limit: page.limit, before: cursor, bodies: false)
                visible += rows.filter { Self.visible($0, to: caller) }.prefix(page.limit - visible.count)
                guard rows.count == page.limit, let last = rows.last?.id else { break }
                cursor = last
            }
        } catch {
            return Self.unavailable(error)
        }
        var object = JSONObject()
        let redaction = pipeline.redaction
        object.set("items", .array(visible.map { Self.summary($0, redaction: redaction) }))
        object.set("next_before", visible.count == page.limit ? visible.last?.id.map { .number(String($0)) } : nil)
        return .json(.ok, .object(object))
    }

    /// A quarantined request the caller may see, or the answer to give instead.
    enum Lookup {
        case found(QuarantinedRequest)
        case answer(Response)
    }

    private func lookup(_ request: Request, id: String) async -> Lookup {
        guard let caller = authenticator.authenticate(request) else { return .answer(APIProblem.unauthorized) }
        let notFound = APIProblem.response(.notFound, "not_found", "no quarantined request \(id)")
        guard let number = Int64(id) else { return .answer(notFound) }
        do {
            guard let found = try await store.quarantinedRequest(id: number), Self.visible(found, to: caller) else {
                return .answer(notFound)
            }
            return .found(found)
        } catch {
            return .answer(Self.unavailable(error))
        }
    }

    func show(_ request: Request, id: String) async -> Response {
        switch await lookup(request, id: id) {
        case .answer(let response): return response
        case .found(let found): return .json(.ok, Self.detail(found, redaction: pipeline.redaction))
        }
    }

    func reprocess(_ request: Request, id: String) async -> Response {
        let quarantined: QuarantinedRequest
        switch await lookup(request, id: id) {
        case .answer(let response): return response
        case .found(let found): quarantined = found
        }
        switch pipeline.reprocess(quarantined) {
        case .notConfigured(let reason):
            return APIProblem.response(
                .conflict, "not_configured", reason, remedy: "configure the connection again, then reprocess the request")
        case .stillRefused(let reason):
            pipeline.metrics.quarantineReprocessed(provider: quarantined.provider, outcome: "still_malformed")
            return APIProblem.response(
                .unprocessableContent, "still_malformed", reason,
                remedy:
                    "the request stays in quarantine; fix the adapter or the connection's settings (for too_many_events, raise limits.max_events_per_request), then reprocess it again"
            )
        case .decoded(let records):
            let now = Timestamp(Date())
            do {
                let stored = try await store.append(records, receivedAt: now)
                try await store.markReprocessed(quarantineID: quarantined.id ?? 0, at: now, events: records.count)
                pipeline.metrics.eventsStored(provider: quarantined.provider, count: stored.inserted.count)
                pipeline.metrics.quarantineReprocessed(provider: quarantined.provider, outcome: "stored")
                pipeline.logger.notice(
                    "quarantined webhook reprocessed",
                    metadata: [
                        "switchboard.quarantine.id": "\(quarantined.id ?? 0)",
                        "switchboard.connection": .string(quarantined.connection ?? ""),
                        "switchboard.events.new": "\(stored.inserted.count)", "switchboard.events.duplicate": "\(stored.duplicates.count)",
                    ])
                var object = JSONObject()
                object.set("id", .number(String(quarantined.id ?? 0)))
                object.set("reprocessed_at", .string(now.rfc3339))
                object.set("events", .array(records.map { .string($0.event.id) }))
                object.set("stored", .array(stored.inserted.map(JSONValue.string)))
                object.set("duplicates", .array(stored.duplicates.map(JSONValue.string)))
                return .json(.ok, .object(object))
            } catch {
                return Self.unavailable(error)
            }
        }
    }

    /// A row of the listing: everything but the headers and the body (the URL without secrets).
    static func summary(_ request: QuarantinedRequest, redaction: WebhookRedaction) -> JSONValue {
        var object = JSONObject()
        object.set("id", request.id.map { .number(String($0)) })
        object.set("received_at", .string(request.receivedAt.rfc3339))
        object.set("provider", .string(request.provider))
        object.set("connection", request.connection.map(JSONValue.string))
        object.set("reason", .string(request.reason))
        object.set("method", .string(request.method))
        object.set("url", .string(redaction.url(request.url)))
        object.set("body_bytes", .number(String(request.bodyBytes)))
        object.set("reprocessed_at", request.reprocessedAt.map { .string($0.rfc3339) })
        object.set("reprocessed_events", request.reprocessedEvents.map { .number(String($0)) })
        return .object(object)
    }

    /// One request, whole: the summary, the headers kept (without secrets), and the body as base64 (byte-exact)
    /// and, when it is UTF-8, as text.
    static func detail(_ request: QuarantinedRequest, redaction: WebhookRedaction) -> JSONValue {
        guard case .object(var object) = summary(request, redaction: redaction) else { return .null }
        var headers = JSONObject()
        for field in redaction.headers(request.headers) { headers.append(field.name, .string(field.value)) }
        object.set("headers", .object(headers))
        object.set("body_base64", .string(Base64.encode(request.body)))
        object.set("body", String(validating: request.body, as: UTF8.self).map(JSONValue.string))
        return .object(object)
    }
}
