import AdapterKit
import SwitchboardCore
import Testing

@testable import MessageBirdAdapter

/// Issue 19: MessageBird timestamps and coordinates are range-checked; a number that is no time refuses
/// the webhook naming the field (text in an unknown form still reads as no timestamp).
@Suite struct MessageBirdImpossibleValueTests {
    func decode(_ request: InboundRequest) throws(SwitchboardError) -> [CanonicalEvent] {
        try MessageBirdAdapter().decode(request, context: DecodeContext(account: "+3197010260188"))
    }

    @Test(arguments: ["-1", "99999999999999", "20241301120000", "1e300"])
    func anInboundDateThatIsANumberButNoTimeIsRefused(value: String) {
        let form = "id=m1&originator=31612345678&recipient=3197010260188&body=hi&date=\(value)"
        #expect(throws: SwitchboardError.self) {
            try decode(InboundRequest(body: Array(form.utf8), contentType: "application/x-www-form-urlencoded"))
        }
        do {
            _ = try decode(InboundRequest(body: Array(form.utf8), contentType: "application/x-www-form-urlencoded"))
        } catch {
            #expect(error.message.hasPrefix("date: \(value) is not a time"))
        }
    }

    @Test func aStatusDatetimeThatIsNoTimeIsRefusedAndTextIsIgnored() throws {
        let report = "https://example.com/report?id=abc&recipient=31612345678&status=delivered&statusDatetime="
        #expect(throws: SwitchboardError.self) { try decode(InboundRequest(method: "GET", url: report + "-9300000000000000", body: [])) }
        #expect(try decode(InboundRequest(method: "GET", url: report + "soon", body: [])).first?.timestamp == nil)
    }

    @Test func conversationsTimesAndLocationsAreChecked() {
        let message =
            #"{"message":{"id":"c1","platform":"whatsapp","direction":"received","from":"31612345678","type":"location","createdDatetime":"2024-05-01T12:00:00Z","content":{"location":{"latitude":-95,"longitude":4}}}}"#
        #expect(throws: SwitchboardError.malformed("message.content.location.latitude: -95 is not a latitude (-90 to 90)")) {
            try decode(InboundRequest(body: Array(message.utf8), contentType: "application/json"))
        }
        let created =
            #"{"id":"c2","platform":"sms","direction":"received","from":"31612345678","type":"text","content":{"text":"x"},"createdDatetime":-1}"#
        #expect(throws: SwitchboardError.self) { try decode(InboundRequest(body: Array(created.utf8), contentType: "application/json")) }
    }
}
