/// Timestamps read from outside the process: provider unix times and ISO 8601 text.
extension Timestamp {
    /// Unix seconds a provider can mean: 1970-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
    public static let unixSecondsRange: ClosedRange<Int64> = 0...253_402_300_799
    /// Unix milliseconds a provider can mean: 1970-01-01T00:00:00.000Z through 9999-12-31T23:59:59.999Z.
    public static let unixMillisecondsRange: ClosedRange<Int64> = 0...253_402_300_799_999

    /// A timestamp from provider unix seconds; `nil` outside ``unixSecondsRange``.
    public init?(unixSeconds seconds: Int64) {
        guard Self.unixSecondsRange.contains(seconds) else { return nil }
        self.init(milliseconds: seconds * 1000, hasMilliseconds: false)
    }

    /// A timestamp from provider unix milliseconds; `nil` outside ``unixMillisecondsRange``.
    public init?(unixMilliseconds milliseconds: Int64) {
        guard Self.unixMillisecondsRange.contains(milliseconds) else { return nil }
        self.init(milliseconds: milliseconds, hasMilliseconds: true)
    }

    /// Reads unix seconds given as a number or a numeric string (WhatsApp, Telegram).
    ///
    /// `nil` when the value is absent or not a number at all (`null`, a placeholder such as `"TIMESTAMP"`;
    /// see ``InputNumber``); a number must be a whole number in ``unixSecondsRange``, else the body is
    /// refused with `malformed_body` naming `field`
    /// (`entry[0].changes[0].value.messages[0].timestamp: 9300000000000000 is not a time (...)`).
    public static func unixSeconds(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Timestamp? {
        guard let value else { return nil }
        if let seconds = value.int64, let stamp = Timestamp(unixSeconds: seconds) { return stamp }
        guard InputNumber.isNumeric(value) else { return nil }
        throw .impossibleValue(field(), value, expected: "a time (unix seconds between 0 and \(unixSecondsRange.upperBound))")
    }

    /// Reads unix milliseconds (Messenger, Instagram); `nil` when absent or not a number, refused like
    /// ``unixSeconds(_:field:)`` outside ``unixMillisecondsRange``.
    public static func unixMilliseconds(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Timestamp? {
        guard let value else { return nil }
        if let millis = value.int64, let stamp = Timestamp(unixMilliseconds: millis) { return stamp }
        guard InputNumber.isNumeric(value) else { return nil }
        throw .impossibleValue(field(), value, expected: "a time (unix milliseconds between 0 and \(unixMillisecondsRange.upperBound))")
    }

    /// Parses ISO 8601 / RFC 3339 (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.123+02:00`) and
    /// the space-separated `2024-05-01 12:00:00` form (taken as UTC).
    ///
    /// Every field has a fixed number of digits, so no value can overflow; a field out of its range
    /// (month 13, an offset of `+24:00` or more) or an instant outside ``validMilliseconds`` once the
    /// offset is applied gives `nil`.
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
                guard let hours = number(index + 1..<index + 3), hours <= 23 else { return nil }
                var minutesIndex = index + 3
                if minutesIndex < bytes.count, bytes[minutesIndex] == 58 { minutesIndex += 1 }
                let minutes = number(minutesIndex..<minutesIndex + 2) ?? 0
                guard minutes <= 59 else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
                index = bytes.count
            default: return nil
            }
        }
        guard var stamp = Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millis)
        else { return nil }
        stamp.milliseconds -= Int64(offsetSeconds) * 1000
        return validMilliseconds.contains(stamp.milliseconds) ? stamp : nil
    }
}
