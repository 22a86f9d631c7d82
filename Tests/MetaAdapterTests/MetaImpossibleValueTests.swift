import AdapterKit
import MetaAdapter
import SwitchboardCore
import Testing

/// Issue 19: a provider number that is no time (or no coordinate, or no size) refuses the webhook with
/// `malformed_body` naming the field. Before, `"timestamp": "9300000000000000"` trapped the process
/// (seconds × 1000 overflowed) and the provider re-delivered it into the next crash.
@Suite struct MetaImpossibleValueTests {
    let adapter = MetaAdapter()

    /// Decodes `body` and renders every event, as the gateway does before it stores them.
    func decode(_ body: String) throws(SwitchboardError) -> [String] {
        try adapter.decode(InboundRequest(body: Array(body.utf8), contentType: "application/json"), context: DecodeContext())
            .map(\.jsonLine)
    }

    func refusal(_ body: String) -> String? {
        do {
            _ = try decode(body)
            return nil
        } catch {
            return "\(error.code): \(error.message)"
        }
    }

    static func whatsApp(message timestamp: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"messages":[{"from":"16505551234","id":"wamid.1","timestamp":"#
            + timestamp + #","type":"text","text":{"body":"hi"}}]}}]}]}"#
    }

    static func whatsApp(status timestamp: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.1","status":"delivered","recipient_id":"16505551234","timestamp":"#
            + timestamp + "}]}}]}]}"
    }

    static let seconds = "(unix seconds between 0 and 253402300799)"

    @Test(
        "a WhatsApp message timestamp that is no time is refused naming the field",
        arguments: [
            #""9300000000000000""#, #""-9300000000000000""#, "9223372036854775807", "-9223372036854775808", "1e300", "-1",
        ])
    func whatsAppMessageTimestamp(value: String) {
        let shown = value.replacingOccurrences(of: "\"", with: "")
        #expect(
            refusal(Self.whatsApp(message: value))
                == "malformed_body: entry[0].changes[0].value.messages[0].timestamp: \(shown) is not a time \(Self.seconds)")
    }

    @Test(
        "a WhatsApp status timestamp that is no time is refused naming the field",
        arguments: [
            #""9300000000000000""#, #""-9300000000000000""#,
        ])
    func whatsAppStatusTimestamp(value: String) {
        let shown = value.replacingOccurrences(of: "\"", with: "")
        #expect(
            refusal(Self.whatsApp(status: value))
                == "malformed_body: entry[0].changes[0].value.statuses[0].timestamp: \(shown) is not a time \(Self.seconds)")
    }

    @Test func theLastPossibleSecondStillDecodes() throws {
        #expect(try decode(Self.whatsApp(message: #""253402300799""#)).first?.contains(#""timestamp":"9999-12-31T23:59:59Z""#) == true)
        // A documentation placeholder is not a number: the event has no timestamp, as before.
        let placeholder = Array(Self.whatsApp(status: #""TIMESTAMP""#).utf8)
        let events = try adapter.decode(InboundRequest(body: placeholder, contentType: "application/json"), context: DecodeContext())
        #expect(events.count == 1 && events[0].timestamp == nil)
    }

    @Test func theEntryTimeOfAnAccountChangeIsChecked() {
        let body =
            #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","time":-9300000000000000,"changes":[{"field":"account_alerts","value":{"alert_info":"x"}}]}]}"#
        #expect(refusal(body) == "malformed_body: entry[0].time: -9300000000000000 is not a time \(Self.seconds)")
    }

    @Test func aWhatsAppLocationOffTheGlobeAndANegativeFileSizeAreRefused() {
        let location = Self.whatsApp(message: "1714564800").replacingOccurrences(
            of: #""type":"text","text":{"body":"hi"}"#, with: #""type":"location","location":{"latitude":1e300,"longitude":2}"#)
        #expect(
            refusal(location)
                == "malformed_body: entry[0].changes[0].value.messages[0].location.latitude: 1e300 is not a latitude (-90 to 90)")
        let image = Self.whatsApp(message: "1714564800").replacingOccurrences(
            of: #""type":"text","text":{"body":"hi"}"#, with: #""type":"image","image":{"id":"1","file_size":-1}"#)
        #expect(
            refusal(image)?.hasPrefix("malformed_body: entry[0].changes[0].value.messages[0].image.file_size: -1 is not a count") == true)
    }

    @Test(
        "a Messenger timestamp or watermark that is no time (unix milliseconds) is refused naming the field",
        arguments: [
            "-9223372036854775808", "9223372036854775807", "-1", "1e300",
        ])
    func messengerTimestamp(value: String) {
        let message =
            #"{"object":"page","entry":[{"id":"PAGE","time":1714564800000,"messaging":[{"sender":{"id":"1"},"recipient":{"id":"PAGE"},"timestamp":"#
            + value + #","message":{"mid":"m1","text":"hi"}}]}]}"#
        #expect(refusal(message)?.hasPrefix("malformed_body: entry[0].messaging[0].timestamp: \(value) is not a time") == true)
        let delivery =
            #"{"object":"page","entry":[{"id":"PAGE","standby":[{"sender":{"id":"1"},"recipient":{"id":"PAGE"},"delivery":{"watermark":"#
            + value + "}}]}]}"
        #expect(refusal(delivery)?.hasPrefix("malformed_body: entry[0].standby[0].delivery.watermark: \(value) is not a time") == true)
    }

    @Test("an Instagram or Page change time that is no time is refused naming the field")
    func changeTimes() {
        let entryTime =
            #"{"object":"instagram","entry":[{"id":"IG","time":-9300000000000000,"changes":[{"field":"mentions","value":{"media_id":"1"}}]}]}"#
        #expect(refusal(entryTime)?.hasPrefix("malformed_body: entry[0].time: -9300000000000000 is not a time") == true)
        let ownTime =
            #"{"object":"page","entry":[{"id":"P","time":1714564800,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"c1","created_time":-1}}]}]}"#
        #expect(refusal(ownTime)?.hasPrefix("malformed_body: entry[0].changes[0].value.created_time: -1 is not a time") == true)
        let messengerLocation =
            #"{"object":"page","entry":[{"id":"P","messaging":[{"sender":{"id":"1"},"timestamp":1714564800000,"message":{"mid":"m","attachments":[{"type":"location","payload":{"coordinates":{"lat":45,"long":-1e300}}}]}}]}]}"#
        #expect(
            refusal(messengerLocation)
                == "malformed_body: entry[0].messaging[0].message.attachments[0].payload.coordinates.long: -1e300 is not a longitude (-180 to 180)"
        )
    }
}
