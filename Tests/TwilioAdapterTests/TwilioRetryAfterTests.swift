import AdapterKit
import SwitchboardCore
import TestSupport
import Testing
import TwilioAdapter

/// `Retry-After` values no sane Twilio answer sends are clamped into 0 s ... one day in the outcome.
@Suite struct TwilioRetryAfterTests {
    @Test(arguments: AbsurdRetryAfter.samples)
    func retryAfterIsClamped(sample: AbsurdRetryAfter) {
        let fields = sample.fields
        for (status, body) in [
            (429, #"{"code": 20429, "message": "Too Many Requests", "status": 429}"#),
            (503, #"{"code": 20500, "message": "Internal Server Error", "status": 503}"#),
        ] {
            let outcome = TwilioAdapter().interpret(
                ProviderResponse(status: status, headers: fields, body: Array(body.utf8)), for: ProviderRequest(url: ""))
            guard case .retry(let after, _) = outcome else {
                Issue.record("expected retry for HTTP \(status), got \(outcome)")
                continue
            }
            #expect(after == sample.seconds, "HTTP \(status), \(sample)")
        }
    }
}
