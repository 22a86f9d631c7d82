import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore

/// The price table and the audit list: `POST /v1/prices` (CSV), `GET /v1/prices`, `GET /v1/audit`.
extension AccountAPI {
    /// `POST /v1/prices` with a `text/csv` body (`calling_code,category,price,currency,effective_from[,channel]`):
    /// replaces the price table, all or nothing; `200 {rates, imported_at, imported_by}`, or `422
    /// invalid_price_table` with every bad line (`problems: [{line, code, message}]`). The table concerns every
    /// connection: it needs a key scoped to none. Audit `prices.import`.
    func importPrices(_ request: Request) async -> Response {
        guard let caller = authenticator.authenticate(request) else { return APIProblem.unauthorized }
        guard caller.connections.isEmpty else {
            return APIProblem.response(
                .forbidden, "forbidden", "the price table prices every connection: importing it needs a key scoped to none")
        }
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "text/csv" else {
            return APIProblem.response(
                .unsupportedMediaType, "unsupported_media_type", "the body must be a CSV file sent as Content-Type: text/csv",
                remedy: "switchboard prices import FILE sends it so")
        }
        let body: [UInt8]
        switch await bodyReader.read(request) {
        case .success(let read): body = read
        case .failure(let problem): return problem.response
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            return APIProblem.response(.badRequest, "invalid_encoding", "the CSV file must be UTF-8")
        }
        let now = Timestamp(Date())
        let card: RateCard
        do {
            card = try RateCard(csv: text, importedAt: now, importedBy: Self.actor(caller))
        } catch {
            var object = JSONObject()
            object.set("code", .string("invalid_price_table"))
            object.set("message", .string("\(error.problems.count) problem(s); nothing was imported"))
            object.set("remedy", .string("fix the lines listed and import the whole file again"))
            object.set("problems", .array(error.problems.map(\.json)))
            return .json(.unprocessableContent, .object(object))
        }
        do {
            try await store.replaceRateCard(card, actor: Self.actor(caller), at: now)
        } catch {
            return Self.unavailable(error)
        }
        rateCards?.replace(card)
        logger.notice(
            "price table imported",
            metadata: ["switchboard.rates": "\(card.rates.count)", "switchboard.actor": .string(Self.actor(caller))])
        var object = JSONObject()
        object.set("rates", .int(Int64(card.rates.count)))
        object.set("imported_at", .string(now.rfc3339))
        object.set("imported_by", .string(Self.actor(caller)))
        return .json(.ok, .object(object))
    }

    /// `GET /v1/prices`: `{imported_at, imported_by, rates: [{channel, calling_code, category, price, currency,
    /// effective_from}]}` (empty before the first import: the policy's configured prices apply).
    func prices(_ request: Request) async -> Response {
        guard authenticator.authenticate(request) != nil else { return APIProblem.unauthorized }
        do {
            let card = try await store.rateCard()
            var object = JSONObject()
            object.set("imported_at", card.importedAt.map { .string($0.rfc3339) } ?? .null)
            object.set("imported_by", card.importedBy.map(JSONValue.string) ?? .null)
            object.set("rates", .array(card.rates.map(Self.rateJSON)))
            return .json(.ok, .object(object))
        } catch {
            return Self.unavailable(error)
        }
    }

    static func rateJSON(_ rate: RateCard.Rate) -> JSONValue {
        var object = JSONObject()
        object.set("channel", .string(rate.channel.rawValue))
        object.set("calling_code", .string(rate.callingCode))
        object.set("category", .string(rate.category))
        object.set("price", .string(rate.price.decimalString))
        object.set("currency", .string(rate.currency))
        object.set("effective_from", .string(rate.effectiveFrom.rfc3339))
        return .object(object)
    }

    /// `GET /v1/audit?target=&limit=&before=`: the operator's actions other than money movements (consent, block,
    /// contact cap, price import, template sync), newest first, `{items, next_before}`. A key scoped to connections
    /// sees the actions on those connections and their conversations.
    func audit(_ request: Request) async -> Response {
        guard let caller = authenticator.authenticate(request) else { return APIProblem.unauthorized }
        let page: PageQuery
        switch PageQuery.parse(request) {
        case .success(let parsed): page = parsed
        case .failure(let problem): return APIProblem.response(.badRequest, problem.code, problem.message)
        }
        let target = request.uri.queryParameters["target"].map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
        if let target, !visible(target, to: caller) {
            return APIProblem.response(.forbidden, "forbidden", "this API key may not see the actions on \"\(target)\"")
        }
        // A scoped key filters rows out, so read store pages until this page is full or the list ends.
        var items: [AuditEntry] = []
        var cursor = page.before
        var exhausted = false
        do {
            while items.count < page.limit, !exhausted {
                let rows = try await store.auditEntries(target: target, limit: page.limit, before: cursor)
                exhausted = rows.count < page.limit
                for row in rows where items.count < page.limit {
                    cursor = row.sequence
                    if visible(row.target, to: caller) { items.append(row) }
                }
                if rows.isEmpty { exhausted = true }
            }
        } catch {
            return Self.unavailable(error)
        }
        var object = JSONObject()
        object.set("items", .array(items.map(\.json)))
        object.set("next_before", items.count == page.limit ? items.last.map { .int($0.sequence) } : nil)
        return .json(.ok, .object(object))
    }

    /// Whether `caller` may see the actions on `target`: a connection it may use, or a conversation such a
    /// connection carries. Anything else (the price table) only with a key scoped to none.
    private func visible(_ target: String, to caller: APIKeyAuthenticator.Caller) -> Bool {
        if caller.connections.isEmpty { return true }
        if caller.connections.contains(target) { return true }
        let parts = target.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let channel = Channel(rawValue: String(parts[0])) else { return false }
        return connections.contains { connection in
            guard caller.may(use: connection.name), connection.account == parts[1] else { return false }
            let channels = registry.adapter(for: connection.provider)?.channels(of: connection) ?? connection.channel.map { [$0] } ?? []
            return channels.contains(channel)
        }
    }
}
