import AdapterKit
import Dialog360Adapter
import SwitchboardCore
import TestSupport
import Testing

/// What the adapter knows of its provider besides the wire format: how a webhook is signed (`x-360dialog-signature` and
/// the configured static header), which channels a connection carries.
@Suite struct Dialog360ProviderKnowledgeTests {
    let adapter = Dialog360Adapter()
    let connection = ConnectionConfig(
        provider: .dialog360, secrets: ["webhook_secret": "d360-secret", "webhook_header_value": "Bearer static-value"],
        options: ["webhook_header": "Authorization"])

    @Test("every inbound fixture signed by sign(_:connection:at:) verifies; altered or signed with other secrets, refused")
    func signedFixturesVerify() throws {
        let report = try SignedFixtures.check(adapter, connection: connection, coversBody: true)
        #expect(report.fixtures >= 3)
        #expect(report.failures == [])
    }

    @Test("without webhook_secret and webhook_header, sign adds nothing (and verify refuses every request then)")
    func nothingConfigured() {
        let request = InboundRequest(body: Array("{}".utf8), contentType: "application/json")
        let bare = ConnectionConfig(provider: .dialog360)
        #expect(adapter.sign(request, connection: bare, at: Timestamp(seconds: 0)) == request)
        #expect(!adapter.verify(request, connection: bare).isValid)
    }

    @Test("channels: WhatsApp; a connection naming its channel carries that one only")
    func channels() {
        #expect(adapter.channels == [.whatsapp])
        var named = connection
        named.channel = .whatsapp
        #expect(adapter.channels(of: named) == [.whatsapp])
    }
}
