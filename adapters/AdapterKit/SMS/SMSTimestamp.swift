import SwitchboardCore

/// Timestamps in the forms SMS providers use (docs/providers.md §0).
public enum SMSTimestamp {
    /// Parses ISO 8601 (`2020-01-01T14:00:00.000Z`, `...+02:00`), Vonage's `YYYY-MM-DD HH:MM:SS` (UTC),
    /// MessageBird shortcode `YYYYMMDDhhmmss` (UTC) and unix seconds (9 to 11 digits); `nil` for anything
    /// else, including a date out of range (month 13, year past 9999).
    public static func parse(_ text: String?) -> Timestamp? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let stamp = Timestamp.iso8601(text) { return stamp }
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if bytes.count == 14 {
            // Fixed widths of at most four digits: no value can overflow.
            func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
            return Timestamp(
                year: number(0..<4), month: number(4..<6), day: number(6..<8), hour: number(8..<10), minute: number(10..<12),
                second: number(12..<14))
        }
        if (9...11).contains(bytes.count), let seconds = Int64(text) { return Timestamp(unixSeconds: seconds) }
        return nil
    }

    /// The expected forms, completing "<field>: <value> is not …" in a refusal.
    static let expected = "a time (ISO 8601, YYYY-MM-DD HH:MM:SS, YYYYMMDDhhmmss or unix seconds, up to year 9999)"

    /// Reads the field `field` of a webhook: the time ``parse(_:)`` reads; `nil` when absent or text that
    /// is not a time (as before: an unknown form is not a reason to lose the message); a refusal
    /// (`malformed_body` naming the field) when it is a number that is not a time (`0`, `-1`, a unix time
    /// past 9999, `20241301120000`; see ``InputNumber/isNumeric(_:)-(String)``).
    public static func parse(_ text: String?, field: @autoclosure () -> String) throws(SwitchboardError) -> Timestamp? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let stamp = parse(text) { return stamp }
        guard InputNumber.isNumeric(text) else { return nil }
        throw .impossibleValue(field(), text, expected: expected)
    }

    /// Reads a JSON member (a string or a number) like ``parse(_:field:)-(String?,_)``.
    public static func parse(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Timestamp? {
        guard let text = value?.identifier else { return nil }
        return try parse(text, field: field())
    }

    /// Reads the first of several field names present in `fields` (`createdDatetime`, `date`, ...), naming it in a refusal.
    public static func parse(_ fields: WebhookFields, _ names: String...) throws(SwitchboardError) -> Timestamp? {
        for name in names {
            if let value = fields[name] { return try parse(value, field: name) }
        }
        return nil
    }
}
