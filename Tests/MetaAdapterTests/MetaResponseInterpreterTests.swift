import AdapterKit
import MetaAdapter
import SwitchboardCore
import Testing

@Suite struct MetaResponseInterpreterTests {
    static func graphError(code: Int, subcode: Int? = nil, status: Int = 400, headers: [HTTPField] = []) -> ProviderResponse {
        let sub = subcode.map { #", "error_subcode": \#($0)"# } ?? ""
        let body = #"{"error": {"message": "(#\#(code)) test", "type": "OAuthException", "code": \#(code)\#(sub), "fbtrace_id": "X"}}"#
        return ProviderResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func interpret(_ response: ProviderResponse) -> DeliveryOutcome {
        MetaAdapter().interpret(response, for: ProviderRequest(url: "https://graph.facebook.com/v24.0/1/messages"))
    }

    /// (code, subcode, outcome name, failure category).
    static let table: [(Int, Int?, String, DeliveryFailure.Category)] = [
        (4, nil, "retry", .rateLimited), (80007, nil, "retry", .rateLimited), (130429, nil, "retry", .rateLimited),
        (131048, nil, "retry", .rateLimited), (131056, nil, "retry", .rateLimited), (133016, nil, "retry", .rateLimited),
        (613, nil, "retry", .rateLimited), (17, nil, "retry", .rateLimited), (32, nil, "retry", .rateLimited),
        (131053, nil, "retry", .temporary), (131000, nil, "retry", .temporary), (2, nil, "retry", .temporary),
        (131016, nil, "retry", .temporary), (131047, nil, "window_closed", .windowClosed),
        (10, 2018278, "window_closed", .windowClosed), (10, 2534022, "window_closed", .windowClosed),
        (131026, nil, "failed", .contactUnreachable), (551, nil, "failed", .contactUnreachable),
        (131050, nil, "failed", .optedOut), (131049, nil, "failed", .rateLimited),
        (131008, nil, "failed", .invalidRequest), (131009, nil, "failed", .invalidRequest), (100, nil, "failed", .invalidRequest),
        (132000, nil, "failed", .templateProblem), (132016, nil, "failed", .templateProblem),
        (368, nil, "failed", .accountProblem), (131031, nil, "failed", .accountProblem),
        (130497, nil, "failed", .accountProblem), (131042, nil, "failed", .accountProblem),
        (190, nil, "reauthorize", .authorization), (10, nil, "reauthorize", .authorization),
        (200, nil, "reauthorize", .authorization), (299, nil, "reauthorize", .authorization),
    ]

    @Test(arguments: table)
    func errorsAreClassifiedByCode(code: Int, subcode: Int?, outcome: String, category: DeliveryFailure.Category) throws {
        // The HTTP status must not matter for a known code: try a 4xx and a 5xx.
        for status in [400, 500] {
            let result = Self.interpret(Self.graphError(code: code, subcode: subcode, status: status))
            #expect(result.name == outcome, "code \(code) with HTTP \(status)")
            #expect(result.failure?.category == category, "code \(code) with HTTP \(status)")
            #expect(result.failure?.providerCode == String(code))
        }
    }

    @Test func unknownCodesFallBackToTheHTTPStatus() {
        #expect(Self.interpret(Self.graphError(code: 139999, status: 503)).name == "retry")
        let permanent = Self.interpret(Self.graphError(code: 139999, status: 400))
        #expect(permanent.name == "failed")
        #expect(permanent.failure?.category == .unknown)
        #expect(Self.interpret(ProviderResponse(status: 502, body: Array("<html>".utf8))).name == "retry")
    }

    @Test func retryAfterSecondsIsHonoured() {
        let response = Self.graphError(code: 130429, headers: [HTTPField(name: "retry-after", value: "42")])
        #expect(Self.interpret(response).retryAfter == 42)
        let bare = ProviderResponse(status: 429, headers: [HTTPField(name: "Retry-After", value: "7")])
        #expect(Self.interpret(bare).retryAfter == 7)
    }

    @Test func retryAfterHTTPDateIsMeasuredAgainstTheDateHeader() {
        let response = Self.graphError(
            code: 4,
            headers: [
                HTTPField(name: "Date", value: "Sun, 22 Nov 2026 04:00:00 GMT"),
                HTTPField(name: "Retry-After", value: "Sun, 22 Nov 2026 04:01:30 GMT"),
            ])
        #expect(Self.interpret(response).retryAfter == 90)
    }

    @Test func pairRateWaitsPerRecipient() {
        let outcome = Self.interpret(Self.graphError(code: 131056))
        #expect(outcome.retryAfter == WhatsAppErrorCode.pairRateDelay)
        #expect(outcome.failure?.perRecipient == true)
        let hinted = Self.interpret(Self.graphError(code: 131056, headers: [HTTPField(name: "Retry-After", value: "20")]))
        #expect(hinted.retryAfter == 20)
    }

    @Test func marketingCapSaysItIsNotRetriedNow() {
        let outcome = Self.interpret(Self.graphError(code: 131049))
        #expect(outcome.name == "failed")
        #expect(outcome.failure?.message.contains("not retried immediately") == true)
    }

    @Test func windowClosedNamesTheRemedy() {
        #expect(Self.interpret(Self.graphError(code: 131047)).failure?.message.contains("template") == true)
        #expect(Self.interpret(Self.graphError(code: 10, subcode: 2018278)).failure?.message.contains("HUMAN_AGENT") == true)
    }

    @Test(
        arguments: [
            (#"{"messaging_product": "whatsapp", "messages": [{"id": "wamid.A"}]}"#, "wamid.A"),
            (#"{"recipient_id": "1", "message_id": "m_B"}"#, "m_B"),
            (#"{"success": true}"#, nil),
            (#"{"recipient_id": "1"}"#, nil),
        ] as [(String, String?)])
    func successCarriesTheMessageID(body: String, id: String?) {
        #expect(Self.interpret(ProviderResponse(status: 200, body: Array(body.utf8))) == .sent(providerMessageID: id))
    }
}

extension DeliveryOutcome {
    fileprivate var failure: DeliveryFailure? {
        switch self {
        case .sent: nil
        case .retry(_, let failure), .windowClosed(let failure), .failed(let failure), .reauthorize(let failure): failure
        }
    }

    fileprivate var retryAfter: Double? {
        if case .retry(let after, _) = self { return after }
        return nil
    }
}
