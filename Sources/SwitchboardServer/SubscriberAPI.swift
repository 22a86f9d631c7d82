import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardStore

/// The subscriber API (docs/operations.md "Delivery to subscribers"): `POST /v1/subscribers/{name}/redeliver`
/// sends a subscriber again every stored event it takes that was received since a time, for a subscriber that lost
/// data on its side; `GET /v1/subscribers/{name}/dead_letters` lists its parked deliveries and
/// `POST /v1/subscribers/{name}/dead_letters/redrive` (all) or `.../dead_letters/{id}/redrive` (one) queues them
/// again (`SubscriberAPI+DeadLetters.swift`).
///
/// Needs an API key scoped to no connection (it concerns every connection the subscriber takes).
struct SubscriberAPI: Sendable {
    let store: any DeliveryOutbox
    let subscribers: [SubscriberConfig]
    let authenticator: APIKeyAuthenticator
    /// Reads request bodies up to `limits.max_api_body_bytes`.
    let bodyReader: APIBodyReader
    let logger: Logger

    /// Every route, as `(method, OpenAPI path)` (the OpenAPI test checks the document against these).
    static let routes: [(method: String, path: String)] = [
        ("post", "/v1/subscribers/{name}/redeliver"), ("get", "/v1/subscribers/{name}/dead_letters"),
        ("post", "/v1/subscribers/{name}/dead_letters/redrive"), ("post", "/v1/subscribers/{name}/dead_letters/{id}/redrive"),
    ]

    /// The most events one redelivery queues (a larger one is one long write the webhooks would wait behind).
    static let maxEvents = 1_000_000

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/subscribers/:name/redeliver") { request, context in
            await redeliver(request, name: context.parameters.get("name") ?? "")
        }
        router.get("v1/subscribers/:name/dead_letters") { request, context in
            await deadLetters(request, name: context.parameters.get("name") ?? "")
        }
        router.post("v1/subscribers/:name/dead_letters/redrive") { request, context in
            await redrive(request, name: context.parameters.get("name") ?? "", id: nil)
        }
        router.post("v1/subscribers/:name/dead_letters/:id/redrive") { request, context in
            await redrive(request, name: context.parameters.get("name") ?? "", id: context.parameters.get("id") ?? "")
        }
    }

    /// A configured subscriber the caller may act on, or the answer to give instead.
    enum Lookup {
        case found(SubscriberConfig)
        case answer(Response)
    }

    /// The subscriber `name` when `request` carries a key scoped to no connection.
    func lookup(_ request: Request, name: String, doing what: String) -> Lookup {
        guard let caller = authenticator.authenticate(request) else { return .answer(APIProblem.unauthorized) }
        guard caller.connections.isEmpty else {
            return .answer(
                APIProblem.response(
                    .forbidden, "forbidden", "\(what) concerns every connection a subscriber takes: it needs a key scoped to none"))
        }
        guard let subscriber = subscribers.first(where: { $0.name == name }) else {
            return .answer(APIProblem.response(.notFound, "not_found", "no subscriber named \"\(name)\" is configured"))
        }
        return .found(subscriber)
    }

    func redeliver(_ request: Request, name: String) async -> Response {
        guard let caller = authenticator.authenticate(request) else {
            return APIProblem.unauthorized
        }
        guard caller.connections.isEmpty else {
            return APIProblem.response(
                .forbidden, "forbidden", "redelivering concerns every connection a subscriber takes: it needs a key scoped to none")
        }
        guard let subscriber = subscribers.first(where: { $0.name == name }) else {
            return APIProblem.response(.notFound, "not_found", "no subscriber named \"\(name)\" is configured")
        }
        let body: [UInt8]
        switch await bodyReader.read(request) {
        case .success(let read): body = read
        case .failure(let problem): return problem.response
        }
        let since = ((try? JSONParser.parse(body))?["since"]?.string).flatMap(Timestamp.iso8601)
        guard let since else {
            return APIProblem.response(
                .badRequest, "invalid_since", "the body must be {\"since\": \"<RFC 3339 time>\"}",
                remedy: "for example {\"since\": \"2026-11-22T00:00:00Z\"}")
        }
        let filter = EventFilter(
            kinds: subscriber.kinds.map(\.rawValue), channels: subscriber.channels.map(\.rawValue),
            connections: Array(subscriber.connections))
        do {
            let queued = try await store.redeliver(
                subscriber: name, filter: filter, since: since, now: Timestamp(Date()), limit: Self.maxEvents)
            logger.notice(
                "subscriber redelivery queued",
                metadata: [
                    "switchboard.subscriber": .string(name), "switchboard.since": .string(since.rfc3339), "switchboard.events": "\(queued)",
                ])
            var object = JSONObject()
            object.set("subscriber", .string(name))
            object.set("since", .string(since.rfc3339))
            object.set("events", .number(String(queued)))
            return .json(.accepted, .object(object))
        } catch let error where error.code == .tooManyEvents {
            return APIProblem.response(
                .unprocessableContent, error.code.rawValue, error.message, remedy: "redeliver from a later time, in steps")
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
    }
}
