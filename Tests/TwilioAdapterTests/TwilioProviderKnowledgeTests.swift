import AdapterKit
import SwitchboardCore
import TestSupport
import Testing
import TwilioAdapter

/// What the adapter knows of its provider besides the wire format: how a webhook is signed (`X-Twilio-Signature` over
/// the URL and form parameters, `bodySHA256` for JSON), which channels a connection carries.
@Suite struct TwilioProviderKnowledgeTests {
    let adapter = TwilioAdapter()
    let connection = ConnectionConfig(provider: .twilio, secrets: ["auth_token": "12345"])

    @Test("every inbound fixture signed by sign(_:connection:at:) verifies; altered or signed with another auth token, refused")
    func signedFixturesVerify() throws {
        let report = try SignedFixtures.check(adapter, connection: connection, coversBody: true)
        #expect(report.fixtures >= 10)
        #expect(report.failures == [])
    }

    @Test("a JSON body gets bodySHA256 in the URL and only the URL is signed; webhooks are form-encoded by default")
    func jsonBody() throws {
        let body = Array(#"{"MessageSid":"SM1"}"#.utf8)
        let request = InboundRequest(
            url: "https://gw.example/webhooks/twilio", headers: [HTTPField(name: "Content-Type", value: "application/json")], body: body)
        let signed = adapter.sign(request, connection: connection, at: Timestamp(seconds: 0))
        #expect(signed.url == "https://gw.example/webhooks/twilio?bodySHA256=" + Signature.hex(Signature.digest(.sha256, body)))
        #expect(signed.header("X-Twilio-Signature") == TwilioSignature.compute(url: signed.url, parameters: [], authToken: "12345"))
        #expect(adapter.verify(signed, connection: connection) == .valid)
        #expect(adapter.webhookContentType == "application/x-www-form-urlencoded")
    }

    @Test("channels: SMS and WhatsApp; a connection naming its channel carries that one only")
    func channels() {
        #expect(adapter.channels == [.sms, .whatsapp])
        var named = connection
        named.channel = .whatsapp
        #expect(adapter.channels(of: named) == [.whatsapp])
    }
}
