import AdapterKit
import MetaAdapter
import SwitchboardCore
import TestSupport
import Testing

/// What the adapter knows of its provider besides the wire format: how a webhook is signed (`X-Hub-Signature-256`),
/// which channels a connection carries.
@Suite struct MetaProviderKnowledgeTests {
    let adapter = MetaAdapter()
    let connection = ConnectionConfig(provider: .meta, secrets: ["app_secret": "0123456789abcdef0123456789abcdef"])

    @Test("every inbound fixture signed by sign(_:connection:at:) verifies; altered or signed with another app secret, refused")
    func signedFixturesVerify() throws {
        let report = try SignedFixtures.check(adapter, connection: connection, coversBody: true)
        #expect(report.fixtures >= 20)
        #expect(report.failures == [])
    }

    @Test("sign adds sha256=<hex HMAC-SHA256 of the body>, replacing a stale signature header")
    func signReplacesStaleHeader() {
        let body = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
        let stale = InboundRequest(headers: [HTTPField(name: "x-hub-signature-256", value: "sha256=00")], body: body)
        let signed = adapter.sign(stale, connection: connection, at: Timestamp(seconds: 1_714_564_800))
        #expect(signed.headers.filter { $0.name.lowercased() == "x-hub-signature-256" }.count == 1)
        #expect(
            signed.header("X-Hub-Signature-256") == "sha256="
                + Signature.hex(Signature.hmac(.sha256, key: "0123456789abcdef0123456789abcdef", message: body)))
        #expect(adapter.webhookContentType == "application/json")
        #expect(!adapter.isGroup(recipient: "-100123"))
    }

    @Test("channels: WhatsApp, Messenger and Instagram; a connection naming its channel carries that one only")
    func channels() {
        #expect(adapter.channels == [.whatsapp, .messenger, .instagram])
        var named = connection
        named.channel = .instagram
        #expect(adapter.channels(of: named) == [.instagram])
    }
}
