import AdapterKit
import MetaAdapter
import SwitchboardCore
import TestSupport
import Testing

/// `Retry-After` values no sane Graph answer sends are clamped into 0 s ... one day in the outcome, for
/// Messenger/Instagram codes as for WhatsApp ones.
@Suite struct MetaRetryAfterTests {
    @Test(arguments: AbsurdRetryAfter.samples)
    func retryAfterIsClamped(sample: AbsurdRetryAfter) {
        let fields = sample.fields
        // 1200 (Messenger temporary failure), 613 (Graph rate limit), 131056 (WhatsApp pair rate).
        for code in [1200, 613, 131056] {
            let body = #"{"error": {"message": "(#\#(code)) test", "type": "OAuthException", "code": \#(code), "fbtrace_id": "X"}}"#
            let outcome = MetaAdapter().interpret(
                ProviderResponse(status: 400, headers: fields, body: Array(body.utf8)),
                for: ProviderRequest(url: "https://graph.facebook.com/v24.0/1/messages"))
            guard case .retry(let after, _) = outcome else {
                Issue.record("expected retry for code \(code), got \(outcome)")
                continue
            }
            #expect(after == sample.seconds, "code \(code), \(sample)")
        }
    }
}
