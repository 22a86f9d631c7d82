import SwitchboardCore

/// Timestamps in the forms SMS providers use (providers.md §0).
public enum SMSTimestamp {
    /// Parses ISO 8601 (`2020-01-01T14:00:00.000Z`, `...+02:00`), Vonage's `YYYY-MM-DD HH:MM:SS` (UTC),
    /// MessageBird shortcode `YYYYMMDDhhmmss` (UTC) and unix seconds; `nil` for anything else.
    public static func parse(_ text: String?) -> Timestamp? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let stamp = Timestamp.iso8601(text) { return stamp }
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if bytes.count == 14 {
            func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
            return Timestamp(
                year: number(0..<4), month: number(4..<6), day: number(6..<8), hour: number(8..<10), minute: number(10..<12),
                second: number(12..<14))
        }
        if (9...11).contains(bytes.count), let seconds = Int64(text) { return Timestamp(seconds: seconds) }
        return nil
    }
}
