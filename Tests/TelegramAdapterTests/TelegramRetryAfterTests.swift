import SwitchboardCore
import TelegramAdapter
import Testing

/// Flood-control waits no sane Bot API sends (`parameters.retry_after` or `Retry-After`) are clamped into
/// 0 s ... one day in the outcome; the dispatcher holds them to its maximum delay.
@Suite struct TelegramRetryAfterTests {
    func interpret(_ status: Int, _ body: String, headers: [HTTPField] = []) -> DeliveryOutcome {
        TelegramAdapter().interpret(
            ProviderResponse(status: status, headers: headers, body: Array(body.utf8)),
            for: ProviderRequest(url: "https://api.telegram.org/bot<redacted>/sendMessage"))
    }

    /// The raw `retry_after` JSON value → the seconds in the outcome.
    static let jsonValues: [(String, Double)] = [
        ("-1e300", 0), ("-5", 0), ("1e20", 86_400), ("999999999999999999999", 86_400), ("\"1e400\"", 86_400),
        ("14", 14), ("\"nan\"", 0), ("\"-inf\"", 0), ("86400.5", 86_400),
    ]

    @Test(arguments: jsonValues)
    func retryAfterInTheBodyIsClamped(raw: String, seconds: Double) {
        let body = #"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":\#(raw)}}"#
        let outcome = interpret(429, body)
        guard case .retry(let after, let failure) = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
        #expect(after == seconds, "retry_after: \(raw)")
        #expect(failure.category == .rateLimited)
        #expect(failure.message.hasSuffix("wait \(JSONValue.double(seconds).canonicalText) s before sending again"))
    }

    /// Without `parameters.retry_after`, the `Retry-After` header (seconds or an HTTP date) decides.
    static let headers: [([HTTPField], Double?)] = [
        ([HTTPField(name: "Retry-After", value: "-5")], 0),
        ([HTTPField(name: "Retry-After", value: "1e20")], 86_400),
        ([HTTPField(name: "Retry-After", value: "999999999999999999999")], 86_400),
        ([HTTPField(name: "Retry-After", value: " 3 ")], 3),
        (
            [
                HTTPField(name: "Retry-After", value: "Fri, 31 Dec 9999 23:59:59 GMT"),
                HTTPField(name: "Date", value: "Sun, 22 Nov 2026 04:00:00 GMT"),
            ], 86_400
        ),
        (
            [
                HTTPField(name: "Retry-After", value: "Thu, 01 Jan 1970 00:00:00 GMT"),
                HTTPField(name: "Date", value: "Sun, 22 Nov 2026 04:00:00 GMT"),
            ], 0
        ),
    ]

    @Test(arguments: headers)
    func retryAfterHeaderIsClamped(headers: [HTTPField], seconds: Double?) {
        let flood = interpret(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests"}"#, headers: headers)
        #expect(flood.retryAfterSeconds == seconds, "\(headers)")
        let server = interpret(502, #"{"ok":false,"error_code":502,"description":"Bad Gateway"}"#, headers: headers)
        #expect(server.retryAfterSeconds == seconds, "\(headers)")
    }
}

extension DeliveryOutcome {
    fileprivate var retryAfterSeconds: Double? {
        if case .retry(let after, _) = self { return after }
        return nil
    }
}
