import AdapterKit
import SwitchboardCore
import Testing

@testable import TwilioAdapter

/// Issue 19: `NumMedia` sizes the loop over `MediaUrl<n>`. Before, `NumMedia=2147483648` kept an event
/// loop busy for about 15 minutes (2^31 linear look-ups); now it is bounded by Twilio's maximum of 10
/// media and anything else is refused at once, naming the field.
@Suite struct TwilioImpossibleValueTests {
    func decode(_ form: String) throws(SwitchboardError) -> [CanonicalEvent] {
        try TwilioAdapter().decode(
            InboundRequest(body: Array(form.utf8), contentType: "application/x-www-form-urlencoded"), context: DecodeContext())
    }

    static let message = "MessageSid=MM1&SmsStatus=received&From=%2B16175550123&To=%2B14155550100&Body=hi"

    @Test(
        "a media count past 10 is refused promptly", .timeLimit(.minutes(1)),
        arguments: [
            "2147483648", "9223372036854775807", "11", "-1", "1e300", String(repeating: "9", count: 40),
        ])
    func aHugeMediaCountIsRefusedPromptly(count: String) {
        let started = ContinuousClock.now
        #expect(throws: SwitchboardError.malformed("NumMedia: \(count) is not a media count (0 to 10)")) {
            try decode(Self.message + "&NumMedia=\(count)")
        }
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    @Test func tenMediaAreRead() throws {
        let media = (0..<10).map { "MediaUrl\($0)=https%3A%2F%2Fapi.twilio.com%2Fm\($0)&MediaContentType\($0)=image%2Fjpeg" }
        let events = try decode(Self.message + "&NumMedia=10&" + media.joined(separator: "&"))
        #expect(events.first?.content?.attachments.count == 10)
        // A count that is not a number at all reads as no media, as before.
        #expect(try decode(Self.message + "&NumMedia=none").first?.content?.type == .text)
    }

    @Test func coordinatesOffTheGlobeAreRefused() {
        #expect(throws: SwitchboardError.malformed("Latitude: 1e300 is not a latitude (-90 to 90)")) {
            try decode(Self.message + "&Latitude=1e300&Longitude=2")
        }
        #expect(throws: SwitchboardError.malformed("Longitude: -181 is not a longitude (-180 to 180)")) {
            try decode(Self.message + "&Latitude=1&Longitude=-181")
        }
    }
}
