import Foundation

/// A point in time from a provider, kept to the millisecond, remembering whether the provider gave
/// milliseconds (the canonical form prints `.SSS` only then).
///
/// The instants a timestamp is made for are ``validMilliseconds``: 0000-01-01T00:00:00Z through
/// 9999-12-31T23:59:59.999Z, what RFC 3339 can write. The initialisers never trap: ``init(seconds:)``
/// and ``init(_:)`` keep to that range, ``init(year:month:day:hour:minute:second:millisecond:)`` is
/// `nil` outside it, and a value from outside the process is read with ``unixSeconds(_:field:)``,
/// ``unixMilliseconds(_:field:)`` or ``iso8601(_:)``, which refuse anything else.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64
    /// Whether the source had sub-second precision.
    public var hasMilliseconds: Bool

    /// The years a timestamp can name (four digits in RFC 3339).
    public static let validYears: ClosedRange<Int> = 0...9999
    /// Seconds since the epoch from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    public static let validSeconds: ClosedRange<Int64> = -62_167_219_200...253_402_300_799
    /// Milliseconds since the epoch from 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
    public static let validMilliseconds: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    /// A timestamp from milliseconds since the epoch. Any value is kept as given (``rfc3339`` prints
    /// every `Int64`); values outside ``validMilliseconds`` print a year of more or fewer than four digits.
    public init(milliseconds: Int64, hasMilliseconds: Bool = true) {
        self.milliseconds = milliseconds
        self.hasMilliseconds = hasMilliseconds
    }

    /// A timestamp from whole seconds since the epoch, for values the program makes itself. Seconds
    /// outside ``validSeconds`` are clamped to its bounds (never a trap); provider values go through
    /// ``init(unixSeconds:)`` or ``unixSeconds(_:field:)``, which refuse them instead.
    public init(seconds: Int64) {
        let clamped = min(max(seconds, Self.validSeconds.lowerBound), Self.validSeconds.upperBound)
        self.init(milliseconds: clamped * 1000, hasMilliseconds: false)
    }

    /// A timestamp from a `Date`, clamped to ``validMilliseconds`` (a NaN interval is the epoch).
    public init(_ date: Date) {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let lower = Double(Self.validMilliseconds.lowerBound), upper = Double(Self.validMilliseconds.upperBound)
        self.init(milliseconds: millis.isNaN ? 0 : Int64(min(max(millis, lower), upper)), hasMilliseconds: true)
    }

    /// A UTC timestamp from calendar fields; `nil` when a field is out of its range (years ``validYears``,
    /// month 1–12, day 1–31, hour 0–23, minute 0–59, second 0–60, millisecond 0–999) or the instant is
    /// past ``validMilliseconds`` (a leap second after 9999-12-31T23:59:59).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int? = nil) {
        guard Self.validYears.contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second), (0...999).contains(millisecond ?? 0)
        else { return nil }
        let days = Self.daysSinceEpoch(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let milliseconds = seconds * 1000 + Int64(millisecond ?? 0)
        guard Self.validMilliseconds.contains(milliseconds) else { return nil }  // 9999-12-31T23:59:60
        self.init(milliseconds: milliseconds, hasMilliseconds: millisecond != nil)
    }

    /// The same instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// RFC 3339 UTC, e.g. `2024-05-01T12:00:00Z` or `2024-05-01T12:00:00.123Z`.
    public var rfc3339: String {
        let (seconds, millis) = Self.floorDivision(milliseconds, 1000)
        let (days, secondOfDay) = Self.floorDivision(seconds, 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let hour = secondOfDay / 3600, minute = (secondOfDay % 3600) / 60, second = secondOfDay % 60
        guard (0...9999).contains(year) else {
            var text =
                "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
            if hasMilliseconds { text += ".\(Self.pad(millis, 3))" }
            return text + "Z"
        }
        // Every stored and delivered event prints its timestamps: the digits are written in place.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var position = 0
            func write(_ value: Int64, width: Int, then separator: UInt8) {
                var rest = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[position + offset] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
                buffer[position + width] = separator
                position += width + 1
            }
            write(year, width: 4, then: UInt8(ascii: "-"))
            write(month, width: 2, then: UInt8(ascii: "-"))
            write(day, width: 2, then: UInt8(ascii: "T"))
            write(hour, width: 2, then: UInt8(ascii: ":"))
            write(minute, width: 2, then: UInt8(ascii: ":"))
            write(second, width: 2, then: hasMilliseconds ? UInt8(ascii: ".") : UInt8(ascii: "Z"))
            if hasMilliseconds { write(millis, width: 3, then: UInt8(ascii: "Z")) }
            return position
        }
    }

    public var description: String { rfc3339 }

    /// `value` divided by a positive `divisor`, rounded down, and the remainder (`0..<divisor`); no step can overflow.
    static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor, remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian). Exact for every day an `Int64`
    /// of milliseconds can reach (|days| < 1.1e14), so no step overflows.
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Days since the epoch for a civil date (inverse of ``civilDate(daysSinceEpoch:)``); callers keep
    /// `year` within ``validYears`` (the arithmetic is unchecked).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
