import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardStore

/// The parked deliveries of a subscriber: listed a page at a time, newest first, and redriven (queued again, due
/// now, with no attempts and a fresh give-up age). A redriven delivery is delivered after the conversation's events
/// that went on meanwhile (docs/operations.md "Delivery to subscribers").
extension SubscriberAPI {
    /// `GET /v1/subscribers/{name}/dead_letters?limit=&before=`: `{items: [...], next_before}`.
    func deadLetters(_ request: Request, name: String) async -> Response {
        let subscriber: SubscriberConfig
        switch lookup(request, name: name, doing: "listing dead letters") {
        case .found(let found): subscriber = found
        case .answer(let answer): return answer
        }
        let page: PageQuery
        switch PageQuery.parse(request) {
        case .success(let parsed): page = parsed
        case .failure(let problem): return APIProblem.response(.badRequest, problem.code, problem.message)
        }
        do {
            let letters = try await store.deadDeliveries(subscriber: subscriber.name, limit: page.limit, before: page.before)
            var object = JSONObject()
            object.set("items", .array(letters.map(\.json)))
            object.set("next_before", letters.count == page.limit ? letters.last.map { .number(String($0.id)) } : nil)
            return .json(.ok, .object(object))
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
    }

    /// `POST /v1/subscribers/{name}/dead_letters/{id}/redrive` (`id` given) or `.../dead_letters/redrive` (every
    /// dead letter of the subscriber): `202 {subscriber, redriven}`; an id that names no dead letter of the
    /// subscriber is `404 not_found`.
    func redrive(_ request: Request, name: String, id: String?) async -> Response {
        let subscriber: SubscriberConfig
        switch lookup(request, name: name, doing: "redriving dead letters") {
        case .found(let found): subscriber = found
        case .answer(let answer): return answer
        }
        var deliveryID: Int64?
        if let id {
            guard let parsed = Int64(id) else {
                return APIProblem.response(.notFound, "not_found", "no dead letter \"\(id)\" for subscriber \"\(name)\"")
            }
            deliveryID = parsed
        }
        do {
            let redriven = try await store.redriveDeliveries(subscriber: subscriber.name, id: deliveryID, now: Timestamp(Date()))
            if let id, redriven == 0 {
                return APIProblem.response(.notFound, "not_found", "no dead letter \"\(id)\" for subscriber \"\(name)\"")
            }
            logger.notice(
                "subscriber dead letters redriven",
                metadata: ["switchboard.subscriber": .string(name), "switchboard.redriven": "\(redriven)"])
            var object = JSONObject()
            object.set("subscriber", .string(name))
            object.set("redriven", .number(String(redriven)))
            return .json(.accepted, .object(object))
        } catch {
            return APIProblem.response(.serviceUnavailable, "store_unavailable", "\(error)")
        }
    }
}
