import SwitchboardCore

extension MockRetryAfter {
    /// The `Retry-After` header value.
    var headerValue: String { text ?? String(seconds) }

    /// Telegram's `parameters.retry_after`.
    var jsonValue: JSONValue {
        guard let text else { return .int(seconds) }
        if case .number? = try? JSONParser.parse(Array(text.utf8)) { return .number(text) }
        return .string(text)
    }

    /// The Vonage SMS "please wait [ n ]" number, in milliseconds.
    var pleaseWaitText: String {
        if let text { return text }
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? String(Int.max) : String(milliseconds)
    }
}
