import AdapterKit
import SwitchboardCore
import Testing

@testable import VonageAdapter

/// Issue 19: concatenation fields and timestamps are range-checked. A concatenated SMS has 1 to 255
/// parts (one UDH byte); before, `concat-total=2147483648` opened a group in the assembler that could
/// never complete.
@Suite struct VonageImpossibleValueTests {
    func decode(_ query: String) throws(SwitchboardError) -> [CanonicalEvent] {
        try VonageAdapter().decode(
            InboundRequest(method: "GET", url: "https://example.com/hook?\(query)", body: []), context: DecodeContext())
    }

    static let part = "msisdn=447700900123&to=447700900000&messageId=M1&text=hi&type=text&concat=true&concat-ref=9"

    @Test(arguments: ["2147483648", "256", "0", "-1", "1e300"])
    func aPartCountOutsideOneTo255IsRefused(total: String) {
        #expect(throws: SwitchboardError.malformed("concat-total: \(total) is not a part count (1 to 255)")) {
            try decode(Self.part + "&concat-part=1&concat-total=\(total)")
        }
    }

    @Test func aPartNumberOutsideItsMessageIsRefused() throws {
        #expect(throws: SwitchboardError.malformed("concat-part: 4 is not a part number (1 to concat-total 3)")) {
            try decode(Self.part + "&concat-part=4&concat-total=3")
        }
        #expect(throws: SwitchboardError.self) { try decode(Self.part + "&concat-part=-9223372036854775808&concat-total=3") }
        let events = try decode(Self.part + "&concat-part=255&concat-total=255")
        #expect(events.first?.event?.attributes["total"] == .int(255))
    }

    @Test func aTimestampThatIsANumberButNoTimeIsRefused() {
        #expect(throws: SwitchboardError.self) {
            try decode("msisdn=447700900123&to=447700900000&messageId=M1&text=hi&message-timestamp=-1")
        }
        let messages =
            #"{"message_uuid":"u1","channel":"whatsapp","message_type":"text","text":"hi","from":"1","to":"2","timestamp":99999999999999}"#
        #expect(throws: SwitchboardError.self) {
            try VonageAdapter().decode(
                InboundRequest(body: Array(messages.utf8), contentType: "application/json"), context: DecodeContext())
        }
        let location =
            #"{"message_uuid":"u1","channel":"whatsapp","message_type":"location","location":{"lat":100,"long":0},"from":"1","to":"2"}"#
        #expect(throws: SwitchboardError.malformed("location.lat: 100 is not a latitude (-90 to 90)")) {
            try VonageAdapter().decode(
                InboundRequest(body: Array(location.utf8), contentType: "application/json"), context: DecodeContext())
        }
    }
}
