import Foundation

/// A point in time from a provider, kept to the millisecond, remembering whether the provider gave
/// milliseconds (the canonical form prints `.SSS` only then).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64
    /// Whether the source had sub-second precision.
    public var hasMilliseconds: Bool

    /// A timestamp from milliseconds since the epoch.
    public init(milliseconds: Int64, hasMilliseconds: Bool = true) {
        self.milliseconds = milliseconds
        self.hasMilliseconds = hasMilliseconds
    }

    /// A timestamp from whole seconds since the epoch.
    public init(seconds: Int64) {
        self.init(milliseconds: seconds * 1000, hasMilliseconds: false)
    }

    /// A timestamp from a `Date`.
    public init(_ date: Date) {
        self.init(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()), hasMilliseconds: true)
    }

    /// The same instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// RFC 3339 UTC, e.g. `2024-05-01T12:00:00Z` or `2024-05-01T12:00:00.123Z`.
    public var rfc3339: String {
        let millis = ((milliseconds % 1000) + 1000) % 1000
        let seconds = (milliseconds - millis) / 1000
        let (year, month, day) = Self.civilDate(daysSinceEpoch: Int64((Double(seconds) / 86_400).rounded(.down)))
        let secondOfDay = seconds - Int64((Double(seconds) / 86_400).rounded(.down)) * 86_400
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

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
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

    /// Days since the epoch for a civil date (inverse of ``civilDate(daysSinceEpoch:)``).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// A UTC timestamp from calendar fields.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int? = nil) {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        let days = Self.daysSinceEpoch(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(milliseconds: seconds * 1000 + Int64(millisecond ?? 0), hasMilliseconds: millisecond != nil)
    }

    /// Parses unix seconds given as a number or a numeric string (WhatsApp, Telegram).
    public static func unixSeconds(_ value: JSONValue?) -> Timestamp? {
        guard let value, let seconds = value.int64 else { return nil }
        return Timestamp(seconds: seconds)
    }

    /// Parses unix milliseconds (Messenger, Instagram).
    public static func unixMilliseconds(_ value: JSONValue?) -> Timestamp? {
        guard let value, let millis = value.int64 else { return nil }
        return Timestamp(milliseconds: millis, hasMilliseconds: true)
    }

    /// Parses ISO 8601 / RFC 3339 (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.123+02:00`) and
    /// the space-separated `2024-05-01 12:00:00` form (taken as UTC).
    public static func iso8601(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 19, let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
            let day = number(8..<10), bytes[10] == 84 || bytes[10] == 32 || bytes[10] == 116, let hour = number(11..<13),
            bytes[13] == 58, let minute = number(14..<16), bytes[16] == 58, let second = number(17..<19)
        else { return nil }
        var index = 19
        var millis: Int?
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var fraction = 0, digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 3 { fraction = fraction * 10 + Int(bytes[index] - 48); digits += 1 }
                index += 1
            }
            while digits < 3 { fraction *= 10; digits += 1 }
            millis = fraction
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case 90, 122: index += 1
            case 43, 45:
                let sign = bytes[index] == 43 ? 1 : -1
                guard let hours = number(index + 1..<index + 3) else { return nil }
                var minutesIndex = index + 3
                if minutesIndex < bytes.count, bytes[minutesIndex] == 58 { minutesIndex += 1 }
                let minutes = number(minutesIndex..<minutesIndex + 2) ?? 0
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
                index = bytes.count
            default: return nil
            }
        }
        guard var stamp = Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millis)
        else { return nil }
        stamp.milliseconds -= Int64(offsetSeconds) * 1000
        return stamp
    }
}
