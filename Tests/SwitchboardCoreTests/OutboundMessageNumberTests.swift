import SwitchboardCore
import Testing

/// The send API's numbers are bounded like a webhook's: an impossible attachment size or coordinate is the
/// caller's mistake (`invalid_message` naming the field), never a number the policy's arithmetic meets.
@Suite struct OutboundMessageNumberTests {
    func content(_ json: String) throws -> MessageContent {
        try OutboundMessage(json: JSONParser.parse(#"{"channel":"whatsapp","account":"1","to":"2","content":\#(json)}"#)).content
    }

    @Test(arguments: ["-1", "1e300", "-9223372036854775808", "\"-5\""])
    func anImpossibleAttachmentSizeIsRefused(size: String) {
        #expect(throws: SwitchboardError.self) {
            try content(#"{"type":"media","attachments":[{"kind":"image","url":"https://x/y.jpg","size":"# + size + "}]}")
        }
        do {
            _ = try content(#"{"type":"media","attachments":[{"kind":"image","url":"https://x/y.jpg","size":"# + size + "}]}")
        } catch let error as SwitchboardError {
            #expect(error.code == "invalid_message")
            #expect(error.message.hasPrefix("content.attachments[0].size: "))
        } catch {
            Issue.record("not a SwitchboardError: \(error)")
        }
    }

    @Test func sizesAndCoordinatesInRangeAreKept() throws {
        let media = try content(#"{"type":"media","attachments":[{"kind":"image","url":"https://x/y.jpg","size":9223372036854775807}]}"#)
        #expect(media.attachments.first?.size == .max)
        let location = try content(#"{"type":"location","location":{"latitude":-90,"longitude":180}}"#)
        #expect(location.location?.latitude == -90 && location.location?.longitude == 180)
    }

    @Test func aCoordinateOffTheGlobeIsRefused() {
        #expect(throws: SwitchboardError.invalidMessage("content.location.latitude: 1e300 is not a latitude (-90 to 90)")) {
            try content(#"{"type":"location","location":{"latitude":1e300,"longitude":0}}"#)
        }
        #expect(throws: SwitchboardError.invalidMessage("content.location needs latitude and longitude")) {
            try content(#"{"type":"location","location":{"latitude":"north","longitude":0}}"#)
        }
    }

    @Test("the monthly attachment bytes of a conversation saturate instead of trapping")
    func attachmentBytesSaturate() {
        var state = ConversationState(channel: .whatsapp, account: "1", contact: "2")
        let huge = Attachment(kind: .image, url: "https://x/y.jpg", size: .max)
        for _ in 0..<2 {
            var event = CanonicalEvent(
                kind: .message, channel: .whatsapp, provider: .meta, account: "1", direction: .outbound,
                timestamp: Timestamp(seconds: 1_714_564_800), contact: Contact(id: "2"),
                content: MessageContent(type: .media, attachments: [huge, huge]), raw: .null)
            event.echo = true
            state.apply(event)
        }
        #expect(state.attachmentBytesByMonth["2024-05"] == .max)
    }
}
