import AdapterKit
import SwitchboardCore
import Testing

@testable import MessageBirdAdapter

@Suite struct MessageBirdAdapterTests {
    @Test(arguments: [
        ("scheduled", DeliveryStatus.queued), ("sent", .sent), ("buffered", .sent), ("delivered", .delivered),
        ("expired", .failed), ("delivery_failed", .failed),
    ])
    func statusReportsMapToCanonicalStatuses(report: String, canonical: DeliveryStatus) throws {
        let request = InboundRequest(
            method: "GET", url: "https://example.com/report?id=abc&recipient=31612345678&status=\(report)", body: [])
        let events = try MessageBirdAdapter().decode(request, context: DecodeContext(account: "+3197010260188"))
        #expect(events.first?.status == canonical)
        #expect(events.first?.contact?.id == "+31612345678")
        #expect(events.first?.account == "+3197010260188")
    }

    @Test func optedOutReportsAlsoEmitAnOptOutEvent() throws {
        let request = InboundRequest(
            method: "GET", url: "https://example.com/report?id=abc&recipient=31612345678&status=delivery_failed&statusErrorCode=103",
            body: [])
        let events = try MessageBirdAdapter().decode(request, context: DecodeContext())
        #expect(events.map(\.kind) == [.status, .event])
        #expect(events[1].event?.type == "opt_out")
        #expect(events[0].errors.first?.code == "103")
    }

    @Test func unicodeTextUsesUnicodeDatacoding() throws {
        let connection = ConnectionConfig(provider: .messagebird, secrets: ["access_key": "live_abc"])
        let message = OutboundMessage(channel: .sms, account: "+3197010260188", to: "+31612345678", content: .text("Dank je 🙏"))
        let request = try MessageBirdAdapter().encode(message, connection: connection)
        #expect(request.header("Authorization") == "AccessKey live_abc")
        let body = try JSONParser.parse(request.body)
        #expect(body["datacoding"] == "unicode")
        #expect(body["recipients"] == ["31612345678"])
        #expect(request.annotations["encoding"] == "UCS-2")
        #expect(MessageBirdAdapter().acknowledgement(for: InboundRequest(body: [])).body == "OK")
    }
}
