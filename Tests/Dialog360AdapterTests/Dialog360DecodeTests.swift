import AdapterKit
import Dialog360Adapter
import SwitchboardCore
import TestSupport
import Testing

@Suite struct Dialog360DecodeTests {
    let adapter = Dialog360Adapter()

    func decode(_ name: String) throws -> [CanonicalEvent] {
        try adapter.decode(
            InboundRequest(body: try FixturePaths.bytes("360dialog", name), contentType: "application/json"), context: DecodeContext())
    }

    @Test func decodesCloudAPIPayloadsAsProvider360dialog() throws {
        let events = try decode("pywa-message-text.json")
        #expect(events.count == 1)
        #expect(events[0].provider == .dialog360)
        #expect(events[0].channel == .whatsapp)
        #expect(events[0].content?.type == .text)
    }

    @Test func rewritesLookasideMediaURLsButKeepsRaw() throws {
        let event = try #require(try decode("edge-lookaside-url-rewritten.json").first)
        let url = try #require(event.content?.attachments.first?.url)
        #expect(url.hasPrefix("https://waba-v2.360dialog.io/whatsapp_business/attachments/"))
        #expect(event.raw["image"]?["url"]?.string?.hasPrefix("https://lookaside.fbsbx.com/") == true)
    }

    @Test func idsDifferFromTheSamePayloadThroughMeta() throws {
        let body = try FixturePaths.bytes("360dialog", "pywa-message-text.json")
        let viaDialog = try adapter.decode(InboundRequest(body: body, contentType: "application/json"), context: DecodeContext())
        let viaMeta = try WhatsAppCloudInbound.decode(try JSONParser.parse(body), provider: .meta)
        #expect(viaDialog.map(\.id) != viaMeta.map(\.id))
        #expect(viaDialog.map(\.providerMessageID) == viaMeta.map(\.providerMessageID))
    }

    @Test func refusesBrokenAndForeignBodies() {
        #expect(throws: SwitchboardError.self) { try decode("edge-trailing-garbage.json") }
        do {
            _ = try decode("edge-messenger-object-refused.json")
            Issue.record("a Messenger body was accepted")
        } catch {
            #expect((error as? SwitchboardError)?.code == "not_for_provider")
        }
    }
}
