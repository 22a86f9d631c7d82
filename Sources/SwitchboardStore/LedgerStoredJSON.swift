public import SwitchboardCore
public import SwitchboardLedger

/// The JSON documents the stores keep in ledger columns (hold rates, consent, provider problems, the account
/// status, the price table), written and read the same way by every store. Times are Unix milliseconds,
/// money a decimal string: nothing goes through binary floating point.
public enum LedgerStoredJSON {
    /// A stored time (whole seconds print without `.SSS`, as the conversation rows do).
    public static func timestamp(_ milliseconds: Int64) -> Timestamp {
        Timestamp(milliseconds: milliseconds, hasMilliseconds: milliseconds % 1000 != 0)
    }

    /// `{category: "0.025", ...}`, keys sorted.
    public static func ratesText(_ rates: [String: Money]) -> String {
        var object = JSONObject()
        for key in rates.keys.sorted() { object.append(key, .string(rates[key]?.decimalString ?? "0")) }
        return JSONValue.object(object).canonicalText
    }

    /// The rates of ``ratesText(_:)``; an unreadable document or amount is left out.
    public static func rates(fromText text: String) -> [String: Money] {
        guard let object = (try? JSONParser.parse(text))?.object else { return [:] }
        var rates: [String: Money] = [:]
        for member in object.members {
            if let money = member.value.string.flatMap(Money.init(decimalString:)) { rates[member.key] = money }
        }
        return rates
    }

    /// `{source, evidence?, at, actor}`.
    public static func consentText(_ consent: ConsentRecord) -> String {
        var object = JSONObject()
        object.set("source", .string(consent.source))
        object.set("evidence", consent.evidence.map(JSONValue.string))
        object.set("at", .int(consent.at.milliseconds))
        object.set("actor", .string(consent.actor))
        return JSONValue.object(object).canonicalText
    }

    /// The consent of ``consentText(_:)``, or `nil` (none recorded, or unreadable).
    public static func consent(fromText text: String?) -> ConsentRecord? {
        guard let text, let json = try? JSONParser.parse(text), let source = json["source"]?.string,
            let at = json["at"]?.int64
        else { return nil }
        return ConsentRecord(source: source, evidence: json["evidence"]?.string, at: timestamp(at), actor: json["actor"]?.string ?? "")
    }

    /// `{code, message?, at}`.
    public static func problemJSON(_ note: AccountStatus.ProblemNote) -> JSONValue {
        var object = JSONObject()
        object.set("code", .string(note.code))
        object.set("message", note.message.map(JSONValue.string))
        object.set("at", .int(note.at.milliseconds))
        return .object(object)
    }

    /// The problem of ``problemJSON(_:)``, or `nil`.
    public static func problem(from json: JSONValue?) -> AccountStatus.ProblemNote? {
        guard let json, let code = json["code"]?.string, let at = json["at"]?.int64 else { return nil }
        return AccountStatus.ProblemNote(code: code, message: json["message"]?.string, at: timestamp(at))
    }

    /// The problem in a stored text column, or `nil`.
    public static func problem(fromText text: String?) -> AccountStatus.ProblemNote? {
        problem(from: text.flatMap { try? JSONParser.parse($0) })
    }

    /// The whole account status as one document.
    public static func accountStatusText(_ status: AccountStatus) -> String {
        var object = JSONObject()
        object.set("messaging_tier", status.messagingTier.map(JSONValue.string))
        object.set("quality", status.quality.map(JSONValue.string))
        object.set(
            "restrictions",
            .array(
                status.restrictions.map { restriction in
                    var item = JSONObject()
                    item.set("type", .string(restriction.type))
                    item.set("expires_at", restriction.expiresAt.map { .int($0.milliseconds) })
                    return .object(item)
                }))
        object.set("payment_problem", status.paymentProblem.map(problemJSON))
        object.set("contact_cap", status.contactCap.map { .int($0) })
        object.set("contact_cap_set", .bool(status.contactCapSet))
        object.set("updated_at", status.updatedAt.map { .int($0.milliseconds) })
        return JSONValue.object(object).canonicalText
    }

    /// The status of ``accountStatusText(_:)``; an empty status when none is stored.
    public static func accountStatus(fromText text: String?) -> AccountStatus {
        guard let text, let json = try? JSONParser.parse(text) else { return AccountStatus() }
        let restrictions = (json["restrictions"]?.array ?? []).compactMap { item -> AccountStatus.Restriction? in
            guard let type = item["type"]?.string else { return nil }
            return AccountStatus.Restriction(type: type, expiresAt: item["expires_at"]?.int64.map(timestamp))
        }
        return AccountStatus(
            messagingTier: json["messaging_tier"]?.string, quality: json["quality"]?.string, restrictions: restrictions,
            paymentProblem: problem(from: json["payment_problem"]), contactCap: json["contact_cap"]?.int,
            contactCapSet: json["contact_cap_set"]?.bool ?? false, updatedAt: json["updated_at"]?.int64.map(timestamp))
    }

    /// The price table's rates as one document (`importedAt` / `importedBy` are columns beside it).
    public static func rateCardText(_ card: RateCard) -> String {
        let rates = card.rates.map { rate -> JSONValue in
            var item = JSONObject()
            item.set("channel", .string(rate.channel.rawValue))
            item.set("calling_code", .string(rate.callingCode))
            item.set("category", .string(rate.category))
            item.set("price", .string(rate.price.decimalString))
            item.set("currency", .string(rate.currency))
            item.set("effective_from", .int(rate.effectiveFrom.milliseconds))
            return .object(item)
        }
        return JSONValue.object(JSONObject([("rates", .array(rates))])).canonicalText
    }

    /// The price table of ``rateCardText(_:)`` with its import columns; an unreadable rate is left out.
    public static func rateCard(fromText text: String?, importedAt: Timestamp?, importedBy: String?) -> RateCard {
        guard let text, let json = try? JSONParser.parse(text) else { return RateCard() }
        let rates = (json["rates"]?.array ?? []).compactMap { item -> RateCard.Rate? in
            guard let channel = item["channel"]?.string.flatMap(Channel.init(rawValue:)), let code = item["calling_code"]?.string,
                let category = item["category"]?.string, let price = item["price"]?.string.flatMap(Money.init(decimalString:)),
                let currency = item["currency"]?.string, let from = item["effective_from"]?.int64
            else { return nil }
            return RateCard.Rate(
                channel: channel, callingCode: code, category: category, price: price, currency: currency, effectiveFrom: timestamp(from))
        }
        return RateCard(rates: rates, importedAt: importedAt, importedBy: importedBy)
    }

    /// The channel, account and contact of a conversation key `channel:account:contact`; `nil` for another shape.
    public static func origin(ofConversation key: String) -> (channel: Channel, account: String, contact: String)? {
        let parts = key.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let channel = Channel(rawValue: String(parts[0])) else { return nil }
        return (channel, String(parts[1]), String(parts[2]))
    }
}
