import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardStore

/// The account and its prepaid wallet: `GET /v1/connections/{name}/account`, `POST /v1/connections/{name}/balance`,
/// `GET /v1/connections/{name}/balance/entries`.
extension AccountAPI {
    /// `GET /v1/connections/{name}/account`: the wallet (when prepaid), the messaging limit and its use over the
    /// last 24 h, quality, restrictions, payment problem, the contact cap and its use, the template catalog's
    /// freshness: what the next decision reads.
    func account(_ request: Request, name: String) async -> Response {
        let connection: ConnectionConfig
        switch self.connection(request, name: name) {
        case .found(_, let found): connection = found
        case .answer(let answer): return answer
        }
        if let answer = await walletsOpen() { return answer }
        let policy = live.policy
        let settings = policy.account(name)
        let now = Timestamp(Date())
        // The counters are the portfolio's and the account's, whatever the contact: a scope with no contact reads them.
        let scope = policy.scope(
            conversation: "\(connection.channel?.rawValue ?? "whatsapp"):\(connection.account):", channel: connection.channel ?? .whatsapp,
            account: connection.account, contact: "", connection: name, now: now)
        do {
            let snapshot = try await store.ledgerSnapshot(scope)
            let status = try await store.accountStatus(connection: name)
            let catalog = try await store.templateCatalog(connection: name)
            var object = JSONObject()
            object.set("connection", .string(name))
            object.set("prepaid", .bool(scope.wallet != nil))
            if let id = scope.wallet {
                let stored = try await store.wallet(id)
                let currency = settings.currency ?? policy.engine.configuration.prices.currency
                Self.setWallet(stored ?? WalletState(id: id, currency: currency), in: &object)
            }
            let tier = status.messagingTier.flatMap(MessagingTier.init(metaName:)) ?? settings.messagingTier
            var limit = JSONObject()
            limit.set("tier", .string(status.messagingTier ?? tier.rawValue))
            limit.set("source", .string(status.messagingTier == nil ? "configuration" : "provider"))
            limit.set("portfolio", .string(scope.portfolio))
            let cap = policy.engine.configuration.messagingTierLimits[tier]
            limit.set("limit", cap.map { .int(Int64($0)) } ?? .null)
            limit.set("used", .int(Int64(snapshot.reachedContacts)))
            limit.set("left", cap.map { .int(Int64(max(0, $0 - snapshot.reachedContacts))) } ?? .null)
            limit.set("since", .string(scope.reachSince.rfc3339))
            object.set("messaging_limit", .object(limit))
            object.set("quality", status.quality.map(JSONValue.string) ?? .null)
            object.set("restrictions", .array(status.activeRestrictions(at: now).map(Self.restrictionJSON)))
            object.set("payment_problem", status.paymentProblem.map(Self.problemJSON) ?? .null)
            var contacts = JSONObject()
            let contactCap = status.contactCapSet ? status.contactCap : settings.contactCap
            contacts.set("cap", contactCap.map { .int(Int64($0)) } ?? .null)
            contacts.set("source", .string(status.contactCapSet ? "api" : "configuration"))
            contacts.set("used", .int(Int64(snapshot.knownContacts)))
            contacts.set("left", contactCap.map { .int(Int64(max(0, $0 - snapshot.knownContacts))) } ?? .null)
            object.set("contacts", .object(contacts))
            object.set("templates", .object(Self.catalogFreshness(catalog)))
            object.set("updated_at", status.updatedAt.map { .string($0.rfc3339) } ?? .null)
            return .json(.ok, .object(object))
        } catch {
            return Self.unavailable(error)
        }
    }

    /// `wallet`, `currency`, `balance`, `held`, `available`, `low_threshold`, `wallet_updated_at`, as decimal strings.
    static func setWallet(_ wallet: WalletState, in object: inout JSONObject) {
        object.set("wallet", .string(wallet.id))
        object.set("currency", .string(wallet.currency))
        object.set("balance", .string(wallet.balance.decimalString))
        object.set("held", .string(wallet.held.decimalString))
        object.set("available", .string(wallet.available.decimalString))
        object.set("low_threshold", wallet.lowThreshold.map { .string($0.decimalString) } ?? .null)
        object.set("wallet_updated_at", .string(wallet.updatedAt.rfc3339))
    }

    static func restrictionJSON(_ restriction: AccountStatus.Restriction) -> JSONValue {
        var object = JSONObject()
        object.set("type", .string(restriction.type))
        object.set("expires_at", restriction.expiresAt.map { .string($0.rfc3339) } ?? .null)
        return .object(object)
    }

    static func problemJSON(_ problem: AccountStatus.ProblemNote) -> JSONValue {
        var object = JSONObject()
        object.set("code", .string(problem.code))
        object.set("message", problem.message.map(JSONValue.string))
        object.set("at", .string(problem.at.rfc3339))
        return .object(object)
    }

    /// `{known, synced_at, count, approved, last_error}`.
    static func catalogFreshness(_ catalog: TemplateCatalog) -> JSONObject {
        var object = JSONObject()
        object.set("known", .bool(catalog.isKnown))
        object.set("synced_at", catalog.syncedAt.map { .string($0.rfc3339) } ?? .null)
        object.set("count", .int(Int64(catalog.templates.count)))
        object.set("approved", .int(Int64(catalog.templates.filter(\.isSendable).count)))
        object.set("last_error", catalog.lastSyncError.map(JSONValue.string) ?? .null)
        return object
    }

    /// The connection's wallet id, or the answer for a connection that is not prepaid.
    private func walletID(of name: String) -> Result<String, ResponseProblem> {
        guard let id = live.policy.account(name).walletID(connection: name) else {
            return .failure(
                ResponseProblem(
                    APIProblem.response(
                        .unprocessableContent, "not_prepaid", "connection \"\(name)\" has no prepaid wallet",
                        remedy: "set outbound.prepaid_balance (or outbound.wallet) for the connection in the configuration")))
        }
        return .success(id)
    }

    /// `POST /v1/connections/{name}/balance` `{"amount": "10.00", "reason": "top-up", "kind": "top_up"|"adjustment",
    /// "currency"?}`: `200 {wallet…, entry, idempotent_replay}`. The kind defaults to `top_up` for a positive amount
    /// and `adjustment` for a negative one; a debit larger than what is available (holds stay covered) is `422
    /// would_overdraw` with the numbers. `Idempotency-Key` makes a retry return the first answer (`idempotent_replay:
    /// true`); the same key with another amount or reason is `409`.
    func credit(_ request: Request, name: String) async -> Response {
        let caller: APIKeyAuthenticator.Caller
        switch self.connection(request, name: name) {
        case .found(let found, _): caller = found
        case .answer(let answer): return answer
        }
        let walletID: String
        switch self.walletID(of: name) {
        case .success(let id): walletID = id
        case .failure(let problem): return problem.response
        }
        let body: JSONObject
        switch await jsonObject(request) {
        case .success(let object): body = object
        case .failure(let problem): return problem.response
        }
        guard let text = body["amount"]?.string, let amount = Money(decimalString: text), amount.micros != 0 else {
            return APIProblem.response(
                .badRequest, "invalid_amount", "amount must be a non-zero decimal string of at most six decimals",
                remedy: "for example {\"amount\": \"10.00\", \"reason\": \"top-up\"}; a negative amount is a debit adjustment")
        }
        let kind: LedgerEntryKind
        switch body["kind"] {
        case nil, .null?: kind = amount.isNegative ? .adjustment : .topUp
        case .string("top_up")?: kind = .topUp
        case .string("adjustment")?: kind = .adjustment
        default:
            return APIProblem.response(.badRequest, "invalid_kind", "kind must be \"top_up\" or \"adjustment\"")
        }
        if kind == .topUp, amount.isNegative {
            return APIProblem.response(
                .badRequest, "invalid_amount", "a top-up must be positive", remedy: "take money out with kind \"adjustment\"")
        }
        let reason: String
        switch Self.optionalString(body, "reason", maxLength: 500) {
        case .success(let text): reason = text.flatMap { $0.isEmpty ? nil : $0 } ?? (kind == .topUp ? "top-up" : "adjustment")
        case .failure(let problem): return problem.response
        }
        let key: String?
        switch IdempotencyKeyHeader.read(request) {
        case .success(let read): key = read
        case .failure(let problem): return problem.response
        }
        if let answer = await walletsOpen() { return answer }
        do {
            if let currency = body["currency"]?.string, let wallet = try await store.wallet(walletID),
                currency.uppercased() != wallet.currency
            {
                return APIProblem.response(
                    .unprocessableContent, "currency_mismatch",
                    "wallet \"\(walletID)\" is in \(wallet.currency), not \(currency.uppercased())",
                    remedy: "send the amount in \(wallet.currency), or leave currency out")
            }
            let outcome = try await store.credit(
                wallet: walletID, amount: amount, kind: kind, reason: reason, actor: Self.actor(caller), idempotencyKey: key,
                at: Timestamp(Date()))
            switch outcome {
            case .applied(let wallet, let entry), .replayed(let wallet, let entry):
                var replayed = false
                if case .replayed = outcome { replayed = true }
                if !replayed {
                    logger.notice(
                        "wallet credited",
                        metadata: [
                            "switchboard.connection": .string(name), "switchboard.wallet": .string(walletID),
                            "switchboard.kind": .string(kind.rawValue), "switchboard.amount": .string(amount.decimalString),
                            "switchboard.actor": .string(Self.actor(caller)),
                        ])
                }
                var object = JSONObject()
                object.set("connection", .string(name))
                Self.setWallet(wallet, in: &object)
                object.set("entry", entry.json)
                object.set("idempotent_replay", .bool(replayed))
                return .json(.ok, .object(object))
            case .keyReused:
                return APIProblem.response(
                    .conflict, "idempotency_key_reused",
                    "the Idempotency-Key \"\(key ?? "")\" was already used on wallet \"\(walletID)\" with a different amount or reason")
            case .refused(let refusal):
                let wallet = try? await store.wallet(walletID)
                return Self.refusal(refusal, wallet: wallet)
            case .unknownWallet:
                return APIProblem.response(
                    .serviceUnavailable, "wallet_not_open", "wallet \"\(walletID)\" is not open yet", remedy: "retry in a moment")
            }
        } catch {
            return Self.unavailable(error)
        }
    }

    /// `422` for a refused credit, with the numbers.
    static func refusal(_ refusal: WalletRefusal, wallet: WalletState?) -> Response {
        var object = JSONObject()
        switch refusal {
        case .wouldOverdraw(let available, let amount):
            object.set("code", .string("would_overdraw"))
            object.set(
                "message",
                .string(
                    "a debit of \(amount.negated.decimalString) is more than the \(available.decimalString) available (balance minus holds)"
                ))
            object.set("remedy", .string("debit at most \(available.decimalString), or wait for held messages to settle"))
            object.set("amount", .string(amount.decimalString))
            object.set("available", .string(available.decimalString))
        case .insufficient(let available, let price):
            object.set("code", .string("insufficient_balance"))
            object.set("message", .string("\(price.decimalString) is more than the \(available.decimalString) available"))
            object.set("amount", .string(price.decimalString))
            object.set("available", .string(available.decimalString))
            object.set("remedy", .string("top the wallet up, or wait for held messages to settle"))
        case .invalidAmount(let text):
            object.set("code", .string("invalid_amount"))
            object.set("message", .string(text))
            object.set("remedy", .string("send an amount with at most 6 decimals that keeps the balance within range"))
        }
        if let wallet {
            object.set("balance", .string(wallet.balance.decimalString))
            object.set("held", .string(wallet.held.decimalString))
            object.set("currency", .string(wallet.currency))
        }
        return .json(.unprocessableContent, .object(object))
    }

    /// `GET /v1/connections/{name}/balance/entries?limit=&before=`: the wallet's history, newest first,
    /// `{wallet, currency, items, next_before}`; a `before` that is not the previous page's `next_before` is `400`.
    func entries(_ request: Request, name: String) async -> Response {
        switch self.connection(request, name: name) {
        case .found: break
        case .answer(let answer): return answer
        }
        let walletID: String
        switch self.walletID(of: name) {
        case .success(let id): walletID = id
        case .failure(let problem): return problem.response
        }
        let page: PageQuery
        switch PageQuery.parse(request) {
        case .success(let parsed): page = parsed
        case .failure(let problem): return APIProblem.response(.badRequest, problem.code, problem.message)
        }
        if let before = page.before, before < 1 {
            return APIProblem.response(.badRequest, "invalid_before", "before must be the previous page's next_before (a positive number)")
        }
        if let answer = await walletsOpen() { return answer }
        do {
            let entries = try await store.ledgerEntries(wallet: walletID, limit: page.limit, before: page.before)
            let wallet = try await store.wallet(walletID)
            var object = JSONObject()
            object.set("connection", .string(name))
            object.set("wallet", .string(walletID))
            object.set("currency", wallet.map { .string($0.currency) } ?? .null)
            object.set("items", .array(entries.map(\.json)))
            object.set("next_before", entries.count == page.limit ? entries.last.map { .int($0.sequence) } : nil)
            return .json(.ok, .object(object))
        } catch {
            return Self.unavailable(error)
        }
    }
}
