import Foundation
import SwitchboardCore
import SwitchboardMockProvider
import SwitchboardTransport
import Testing

/// `retry_after_text`: the mock answers a literal wait text so tests can probe how clients read absurd
/// values; the fault plan itself refuses numbers it cannot hold instead of trapping.
@Suite("Mock provider: literal Retry-After texts and plan ranges")
struct MockRetryAfterTextTests {
    @Test("the spec and JSON forms read retry_after_text; the JSON form round-trips it")
    func parsing() throws {
        let plan = try MockFaultPlan(spec: "429=1,retry-after-text=1e20")
        #expect(plan.retryAfterText == "1e20")
        #expect(plan.retryAfterSeconds == 1)
        #expect(try MockFaultPlan(json: plan.json) == plan)
        let date = try MockFaultPlan(
            json: try JSONParser.parse(Array(#"{"rate_limit_rate": 1, "retry_after_text": "Fri, 31 Dec 9999 23:59:59 GMT"}"#.utf8)))
        #expect(date.retryAfterText == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(try MockFaultPlan(json: date.json) == date)
        #expect(try MockFaultPlan(spec: "429=1,retry-after=7").retryAfterText == nil)
    }

    @Test(
        "numbers a plan cannot hold are refused with the item named, not trapped on",
        arguments: [
            "retry-after=18446744073709551615", "retry-after=-1", "retry-after=1000000001", "delay=1e300s", "hold=inf",
            "delay=nan", "hold=31536001s", "retry-after-text=",
        ])
    func specRanges(_ spec: String) {
        #expect {
            _ = try MockFaultPlan(spec: spec)
        } throws: { error in
            (error as? SwitchboardError)?.code == "invalid_fault_spec" && "\(error)".contains(spec)
        }
    }

    @Test(
        "JSON numbers a plan cannot hold are refused, not trapped on",
        arguments: [
            #"{"seed": 1e30}"#, #"{"seed": -1}"#, #"{"retry_after": 1e30}"#, #"{"retry_after": -2}"#, #"{"timeout_hold_ms": 1e300}"#,
            #"{"delay_ms": "inf"}"#, #"{"retry_after_text": "a\r\nX-Injected: 1"}"#, #"{"retry_after_text": ""}"#,
        ])
    func jsonRanges(_ json: String) throws {
        let value = try JSONParser.parse(Array(json.utf8))
        #expect {
            _ = try MockFaultPlan(json: value)
        } throws: { error in
            (error as? SwitchboardError)?.code == "invalid_fault_plan"
        }
    }

    @Test("a plan built in code with an endless delay still prints as JSON")
    func endlessDurations() {
        let plan = MockFaultPlan(timeoutHold: Duration(attoseconds: .max), delay: .seconds(Int64.max))
        #expect(plan.json["timeout_hold_ms"]?.int64 == .max)
        #expect(plan.json["delay_ms"]?.int64 == .max)
    }

    @Test("the text is answered verbatim in every provider's shape, and the adapters clamp what they read")
    func answeredVerbatim() async throws {
        try await withMock(MockFaultPlan(rateLimitRate: 1, retryAfterText: "1e20")) { mock, baseURL in
            for name in ["whatsapp", "messenger", "360dialog", "telegram", "twilio-sms", "vonage-messages", "messagebird-sms"] {
                let (response, outcome) = try await SendCase.named(name).send(baseURL: baseURL)
                #expect(response.status == 429, "\(name)")
                #expect(response.header("Retry-After") == "1e20", "\(name)")
                #expect(outcome.retryAfter == 86_400, "\(name): \(outcome)")
            }
            let (telegram, _) = try await SendCase.named("telegram").send(baseURL: baseURL)
            #expect(telegram.jsonBody?["parameters"]?["retry_after"] == .number("1e20"))
            #expect(telegram.jsonBody?["description"]?.string == "Too Many Requests: retry after 1e20")
            let (vonage, vonageOutcome) = try await SendCase.named("vonage-sms").send(baseURL: baseURL)
            #expect(vonage.jsonBody?["messages"]?[0]?["error-text"]?.string?.contains("please wait [ 1e20 ]") == true)
            #expect(vonageOutcome.retryAfter == 86_400, "\(vonageOutcome)")

            let far = "Fri, 31 Dec 9999 23:59:59 GMT"
            mock.setFaults(try MockFaultPlan(json: .object(JSONObject([("rate_limit_rate", 1), ("retry_after_text", .string(far))]))))
            let (dated, datedOutcome) = try await SendCase.named("whatsapp").send(baseURL: baseURL)
            #expect(dated.header("Retry-After") == far)
            #expect(dated.header("Date") != nil, "an HTTP-date wait is measured against the answer's Date")
            #expect(datedOutcome.retryAfter == 86_400, "\(datedOutcome)")

            mock.setFaults(MockFaultPlan(rateLimitRate: 1, retryAfterText: "nan"))
            let (text, textOutcome) = try await SendCase.named("telegram").send(baseURL: baseURL)
            #expect(text.jsonBody?["parameters"]?["retry_after"] == .string("nan"))
            #expect(textOutcome.retryAfter == 0, "\(textOutcome)")
        }
    }
}

extension DeliveryOutcome {
    /// The wait of a `retry`, or `nil` for any other outcome (and a retry without one).
    fileprivate var retryAfter: Double? {
        if case .retry(let after, _) = self { return after }
        return nil
    }
}
