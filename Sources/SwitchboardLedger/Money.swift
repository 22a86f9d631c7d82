import Foundation

/// An exact decimal amount of a currency, in millionths of its unit (`micros`): `"0.0250"` is 25,000 micros.
///
/// Never binary floating point. Six decimal places cover every price list the gateway reads (Meta's rate
/// cards go to four). Arithmetic reports overflow instead of trapping (``adding(_:)``); the API refuses
/// amounts beyond ``limit``.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in millionths of the currency unit.
    public var micros: Int64

    /// Micros per unit.
    public static let scale: Int64 = 1_000_000
    /// The largest amount the ledger takes in one operation or holds in one wallet: one trillion units.
    public static let limit = Money(micros: 1_000_000_000_000 * scale)
    public static let zero = Money(micros: 0)

    public init(micros: Int64) { self.micros = micros }

    /// Parses a signed decimal string (`"10"`, `"-5.5"`, `"0.0250"`, `"+3.00"`): digits, at most one point, at
    /// most six decimals, no exponent, no grouping. `nil` for anything else or beyond ``limit``.
    public init?(decimalString text: String) {
        var characters = Substring(text)
        var negative = false
        if let first = characters.first, first == "-" || first == "+" {
            negative = first == "-"
            characters = characters.dropFirst()
        }
        let parts = characters.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty || !fraction.isEmpty, fraction.count <= 6, whole.count <= 13,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || !fraction.isEmpty
        else { return nil }
        let units = Int64(whole.isEmpty ? "0" : String(whole)) ?? 0
        let padded = String(fraction) + String(repeating: "0", count: 6 - fraction.count)
        // Thirteen digits of units can exceed Int64 in micros (9,999,999,999,999 × 10⁶): check before multiplying.
        guard units <= Self.limit.micros / Self.scale else { return nil }
        let micros = units * Self.scale + (Int64(padded) ?? 0)
        guard micros <= Self.limit.micros else { return nil }
        self.micros = negative ? -micros : micros
    }

    /// An exact `Decimal` as money; `nil` when it has more than six decimals or is beyond ``limit``.
    public init?(_ decimal: Decimal) {
        var value = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        guard rounded == decimal else { return nil }
        self.init(decimalString: NSDecimalNumber(decimal: decimal).stringValue)
    }

    /// The amount as a `Decimal` (exact).
    public var decimal: Decimal { Decimal(string: decimalString) ?? 0 }

    /// The decimal string: at least two decimals, trailing zeros beyond them dropped (`"10.00"`, `"0.025"`,
    /// `"-1.50"`, `"0.000001"`).
    public var decimalString: String {
        let magnitude = micros.magnitude
        let units = magnitude / UInt64(Self.scale)
        var fraction = String(magnitude % UInt64(Self.scale))
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return (micros < 0 ? "-" : "") + "\(units).\(fraction)"
    }

    public var description: String { decimalString }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }

    /// `self + other`, or `nil` on overflow.
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = micros.addingReportingOverflow(other.micros)
        return overflow ? nil : Money(micros: sum)
    }

    /// `self - other`, or `nil` on overflow.
    public func subtracting(_ other: Money) -> Money? {
        let (difference, overflow) = micros.subtractingReportingOverflow(other.micros)
        return overflow ? nil : Money(micros: difference)
    }

    /// `self × count`, or `nil` on overflow.
    public func multiplied(by count: Int) -> Money? {
        let (product, overflow) = micros.multipliedReportingOverflow(by: Int64(count))
        return overflow ? nil : Money(micros: product)
    }

    /// The amount with the opposite sign.
    public var negated: Money { Money(micros: -micros) }

    public var isNegative: Bool { micros < 0 }
    public var isPositive: Bool { micros > 0 }
}
