import AdapterKit
import SwitchboardCore
import Testing

/// `Retry-After` values no sane provider sends are clamped into 0 s ... one day (the longest wait an adapter
/// reports; the dispatcher then holds it to its own maximum delay).
@Suite struct RetryAfterTests {
    /// Header text → the seconds an adapter reports.
    static let deltaSeconds: [(String, Double?)] = [
        ("7", 7), (" 42 ", 42), ("0.5", 0.5), ("1e20", 86_400), ("999999999999999999999", 86_400), ("1e400", 86_400),
        ("inf", 86_400), ("86401", 86_400), ("-5", 0), ("-1e300", 0), ("nan", 0), ("-0", 0), ("soon", nil), ("", nil),
    ]

    /// (Retry-After, Date) → seconds: an HTTP date is measured against the response's own `Date`.
    static let httpDates: [(String, String?, Double?)] = [
        ("Sun, 22 Nov 2026 04:01:30 GMT", "Sun, 22 Nov 2026 04:00:00 GMT", 90),
        ("Fri, 31 Dec 9999 23:59:59 GMT", "Sun, 22 Nov 2026 04:00:00 GMT", 86_400),
        ("Thu, 01 Jan 1970 00:00:00 GMT", "Sun, 22 Nov 2026 04:00:00 GMT", 0),
        ("Sun, 22 Nov 2026 04:01:30 GMT", nil, nil),
    ]

    @Test(arguments: deltaSeconds)
    func deltaSecondsAreClamped(header: String, seconds: Double?) {
        #expect(RetryAfter.seconds(header) == seconds, "Retry-After: \(header)")
    }

    @Test(arguments: deltaSeconds)
    func whatsAppRetriesAfterClampedSeconds(header: String, seconds: Double?) {
        let body = #"{"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429}}"#
        let response = ProviderResponse(status: 429, headers: [HTTPField(name: "Retry-After", value: header)], body: Array(body.utf8))
        let outcome = WhatsAppResponseInterpreter.interpret(response)
        guard case .retry(let after, let failure) = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
        #expect(after == seconds, "Retry-After: \(header)")
        #expect(failure.category == .rateLimited)
    }

    @Test(arguments: httpDates)
    func httpDatesAreMeasuredAndClamped(header: String, date: String?, seconds: Double?) {
        var headers = [HTTPField(name: "Retry-After", value: header)]
        if let date { headers.append(HTTPField(name: "Date", value: date)) }
        let response = ProviderResponse(status: 503, headers: headers)
        #expect(RetryAfter.seconds(response) == seconds, "Retry-After: \(header)")
        #expect(WhatsAppResponseInterpreter.interpret(response) == .retry(after: seconds, failure: Self.failure503))
    }

    @Test func clampingKeepsSaneValuesAndBoundsTheRest() {
        #expect(RetryAfter.maximumSeconds == 86_400)
        #expect(RetryAfter.clamped(12.5) == 12.5)
        #expect(RetryAfter.clamped(-.infinity) == 0)
        #expect(RetryAfter.clamped(.nan) == 0)
        #expect(RetryAfter.clamped(.greatestFiniteMagnitude) == 86_400)
        #expect(RetryAfter.httpOutcome(status: 429, code: nil, message: "m", retryAfter: 1e20).retryAfterSeconds == 86_400)
        #expect(RetryAfter.httpOutcome(status: 503, code: nil, message: "m", retryAfter: -3).retryAfterSeconds == 0)
    }

    static let failure503 = DeliveryFailure(
        category: .temporary, message: "HTTP 503 with no error code: a provider-side problem, retry with backoff")
}

extension DeliveryOutcome {
    fileprivate var retryAfterSeconds: Double? {
        if case .retry(let after, _) = self { return after }
        return nil
    }
}
