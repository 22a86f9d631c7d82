import AdapterKit
import MessageBirdAdapter
import SwitchboardCore
import TestSupport
import Testing

/// `Retry-After` values no sane MessageBird answer sends are clamped into 0 s ... one day in the outcome.
@Suite struct MessageBirdRetryAfterTests {
    @Test(arguments: AbsurdRetryAfter.samples)
    func retryAfterIsClamped(sample: AbsurdRetryAfter) {
        let fields = sample.fields
        let body = #"{"errors":[{"code":429,"description":"Too many requests","parameter":null}]}"#
        let outcome = MessageBirdAdapter().interpret(
            ProviderResponse(status: 429, headers: fields, body: Array(body.utf8)), for: ProviderRequest(url: ""))
        guard case .retry(let after, _) = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
        #expect(after == sample.seconds, "\(sample)")
    }
}
