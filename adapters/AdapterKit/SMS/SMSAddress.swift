/// Phone-number addresses as SMS providers write them, and as Switchboard stores them.
public enum SMSAddress {
    /// E.164 with `+` for phone numbers; other addresses unchanged.
    ///
    /// A value of 7 to 15 digits gains a `+` (Vonage and MessageBird send `447700900001`); short codes
    /// (up to 6 digits), alphanumeric sender ids and values that already have `+` are kept as they are.
    /// Spaces are trimmed.
    public static func e164(_ value: String) -> String {
        let trimmed = value.trimmingWhitespace()
        let digits = trimmed.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        if digits, (7...15).contains(trimmed.utf8.count) { return "+" + trimmed }
        return trimmed
    }

    /// The number without its `+` (Vonage `to`, MessageBird recipients).
    public static func digitsOnly(_ value: String) -> String {
        value.hasPrefix("+") ? String(value.dropFirst()) : value
    }
}
