import AdapterKit
import SwitchboardCore
import TestSupport
import Testing
import VonageAdapter

/// Waits no sane Vonage answer sends (the SMS API's "please wait [ n ]" in milliseconds, the Messages
/// API's `Retry-After`) are clamped into 0 s ... one day in the outcome.
@Suite struct VonageRetryAfterTests {
    func interpret(_ response: ProviderResponse) -> DeliveryOutcome {
        VonageAdapter().interpret(response, for: ProviderRequest(url: ""))
    }

    /// The text between the brackets → seconds.
    static let pleaseWait: [(String, Double)] = [
        ("250", 0.25), ("-5", 0), ("-1e300", 0), ("1e400", 86_400), ("999999999999999999999", 86_400), ("nan", 0),
        ("86400001", 86_400),
    ]

    @Test(arguments: pleaseWait)
    func pleaseWaitIsClamped(text: String, seconds: Double) {
        let errorText = "Throughput Rate Exceeded - please wait [ \(text) ] and retry"
        let body = #"{"message-count":"1","messages":[{"status":"1","error-text":"\#(errorText)"}]}"#
        let outcome = interpret(ProviderResponse(status: 200, body: Array(body.utf8)))
        guard case .retry(let after, let failure) = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
        #expect(after == seconds, "please wait [ \(text) ]")
        #expect(failure.category == .rateLimited)
    }

    @Test(arguments: AbsurdRetryAfter.samples)
    func messagesAPIRetryAfterIsClamped(sample: AbsurdRetryAfter) {
        let fields = sample.fields
        let body = #"{"type":"https://developer.nexmo.com/api-errors/messages-olympus#1010","title":"Rate Limit Hit"}"#
        let outcome = interpret(ProviderResponse(status: 429, headers: fields, body: Array(body.utf8)))
        guard case .retry(let after, _) = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
        #expect(after == sample.seconds, "\(sample)")
    }
}
