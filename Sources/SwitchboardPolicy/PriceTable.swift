import Foundation
import SwitchboardCore
import SwitchboardLedger

/// Prices per channel and cost category, in one currency.
///
/// Keys are `"<channel>.<category>"` (`whatsapp.marketing`, `sms.message` per segment, `sms.mms`). A missing
/// key costs nothing. The defaults are placeholders in the order of Meta's and Twilio's US list prices; set
/// the table for your own market (Meta prices per country).
public struct PriceTable: Sendable, Hashable {
    /// ISO 4217 code the prices and the prepaid balances are in.
    public var currency: String
    /// Price per message (per segment for `sms.message`).
    public var prices: [String: Decimal]

    public init(currency: String = "USD", prices: [String: Decimal] = PriceTable.defaultPrices) {
        self.currency = currency
        self.prices = prices
    }

    /// The price for a category on a channel (zero when the table has none).
    public func price(_ channel: Channel, _ category: CostCategory) -> Decimal {
        prices["\(channel.rawValue).\(category.rawValue)"] ?? 0
    }

    /// The price for a category on a channel as exact ``Money`` (zero when the table has none). The
    /// configuration refuses prices with more than six decimals; a table built in code is rounded to micros.
    public func money(_ channel: Channel, _ category: CostCategory) -> Money {
        Money(rounding: price(channel, category))
    }

    /// Default prices (USD).
    public static let defaultPrices: [String: Decimal] = [
        "whatsapp.marketing": Decimal(string: "0.025")!,
        "whatsapp.utility": Decimal(string: "0.004")!,
        "whatsapp.authentication": Decimal(string: "0.004")!,
        "whatsapp.authentication_international": Decimal(string: "0.0135")!,
        "whatsapp.service": 0,
        "sms.message": Decimal(string: "0.0079")!,
        "sms.mms": Decimal(string: "0.02")!,
    ]
}

/// What a message is billed as.
public struct CostCategory: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Free-form message inside the customer-service window (WhatsApp), or any message on a channel that does
    /// not bill per message (Messenger, Instagram, Telegram, email).
    public static let service = CostCategory(rawValue: "service")
    public static let marketing = CostCategory(rawValue: "marketing")
    public static let utility = CostCategory(rawValue: "utility")
    public static let authentication = CostCategory(rawValue: "authentication")
    public static let authenticationInternational = CostCategory(rawValue: "authentication_international")
    /// Inside WhatsApp's 72 h free entry point.
    public static let freeEntryPoint = CostCategory(rawValue: "free_entry_point")
    /// An SMS, priced per segment.
    public static let message = CostCategory(rawValue: "message")
    /// An MMS (SMS with media).
    public static let mms = CostCategory(rawValue: "mms")
    /// Not a message (read receipts, typing indicators).
    public static let none = CostCategory(rawValue: "none")
}

/// What a message will probably cost, and why.
public struct CostEstimate: Sendable, Hashable {
    public var category: CostCategory
    /// The exact price, in ``currency``.
    public var price: Money
    public var currency: String
    /// Whether the message is free (an empty prepaid wallet still lets it through).
    public var free: Bool
    /// Why this category and price, in a sentence.
    public var reason: String

    public init(category: CostCategory, price: Money, currency: String, reason: String) {
        self.category = category
        self.price = price
        self.currency = currency
        self.free = !price.isPositive
        self.reason = reason
    }

    /// `{category, price, currency, free, reason}`; the price is a decimal string (`"0.025"`), never a
    /// binary floating-point number.
    public var json: JSONValue {
        .object(
            JSONObject([
                ("category", .string(category.rawValue)), ("price", .string(price.decimalString)),
                ("currency", .string(currency)), ("free", .bool(free)), ("reason", .string(reason)),
            ]))
    }
}

extension Money {
    /// `decimal` rounded to micros (half away from zero), clamped to ± ``Money/limit``.
    init(rounding decimal: Decimal) {
        var value = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        if let exact = Money(rounded) {
            self = exact
        } else {
            self = rounded < 0 ? Money.limit.negated : Money.limit
        }
    }
}
