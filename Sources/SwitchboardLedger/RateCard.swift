import SwitchboardCore

/// Prices by destination country and category, with the date each takes effect: a provider's price change is
/// a data change (imported as CSV, `RateCard+CSV.swift`), not a code change.
public struct RateCard: Sendable, Hashable {
    /// One price: for recipients whose number starts with `callingCode` (`"1"`, `"44"`, `"91"`; `"*"` for
    /// every country), messages of `category` on `channel` cost `price` from `effectiveFrom` on.
    public struct Rate: Sendable, Hashable {
        public var channel: Channel
        public var callingCode: String
        public var category: String
        public var price: Money
        public var currency: String
        public var effectiveFrom: Timestamp

        public init(
            channel: Channel = .whatsapp, callingCode: String, category: String, price: Money, currency: String, effectiveFrom: Timestamp
        ) {
            self.channel = channel
            self.callingCode = callingCode
            self.category = category.lowercased()
            self.price = price
            self.currency = currency.uppercased()
            self.effectiveFrom = effectiveFrom
        }
    }

    public var rates: [Rate]
    /// When it was imported, and by whom (`nil` for none).
    public var importedAt: Timestamp?
    public var importedBy: String?

    public init(rates: [Rate] = [], importedAt: Timestamp? = nil, importedBy: String? = nil) {
        self.rates = rates
        self.importedAt = importedAt
        self.importedBy = importedBy
    }

    /// The rate in force at `at` for a message of `category` on `channel` to `recipient` (digits of an E.164
    /// number, with or without `+`): the longest calling code that prefixes the number (`"*"` last), and
    /// among its rates the latest `effectiveFrom` not after `at`. `nil` when none applies.
    public func rate(channel: Channel, category: String, recipient: String, at: Timestamp) -> Rate? {
        let digits = recipient.hasPrefix("+") ? String(recipient.dropFirst()) : recipient
        let category = category.lowercased()
        var best: Rate?
        for rate in rates where rate.channel == channel && rate.category == category && rate.effectiveFrom <= at {
            guard rate.callingCode == "*" || digits.hasPrefix(rate.callingCode) else { continue }
            guard let current = best else {
                best = rate
                continue
            }
            let length = rate.callingCode == "*" ? 0 : rate.callingCode.count
            let currentLength = current.callingCode == "*" ? 0 : current.callingCode.count
            if length > currentLength || (length == currentLength && rate.effectiveFrom > current.effectiveFrom) { best = rate }
        }
        return best
    }
}
