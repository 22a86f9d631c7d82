import AdapterKit
import EmailAdapter
import SwitchboardCore
import TestSupport
import Testing

/// What the adapter knows of its provider besides the wire format: how a webhook is signed (the `webhook_token` in
/// `X-Switchboard-Token`; it does not cover the body), which channels a connection carries.
@Suite struct EmailProviderKnowledgeTests {
    let adapter = EmailAdapter()
    let connection = ConnectionConfig(provider: .email, secrets: ["webhook_token": "email-webhook-token"])

    @Test("every inbound fixture signed by sign(_:connection:at:) verifies; with another webhook token, refused")
    func signedFixturesVerify() throws {
        let report = try SignedFixtures.check(adapter, connection: connection, coversBody: false)
        #expect(report.fixtures >= 20)
        #expect(report.failures == [])
    }

    @Test("without a webhook_token every request is refused, unless the connection says insecure_accept_unsigned")
    func withoutATokenEveryRequestIsRefusedUnlessUnsignedIsAccepted() {
        let mail = InboundRequest(body: Array("From: a@example.com\r\n\r\nhi\r\n".utf8), contentType: "message/rfc822")
        var bare = ConnectionConfig(provider: .email)
        guard case .invalid(let reason) = adapter.verify(mail, connection: bare) else {
            Issue.record("an unsigned request to a connection with no webhook_token was accepted")
            return
        }
        #expect(reason.contains("webhook_token"))
        #expect(adapter.webhookAuthentication(connection: bare) != .configured)
        #expect(adapter.webhookAuthentication(connection: connection) == .configured)
        bare.insecureAcceptUnsigned = true
        #expect(adapter.verify(mail, connection: bare) == .valid)
        var flagged = connection
        flagged.insecureAcceptUnsigned = true
        #expect(!adapter.verify(mail, connection: flagged).isValid)
    }

    @Test("webhooks are raw RFC 5322 messages")
    func contentType() { #expect(adapter.webhookContentType == "message/rfc822") }

    @Test("channels: email; a connection naming its channel carries that one only")
    func channels() {
        #expect(adapter.channels == [.email])
        var named = connection
        named.channel = .email
        #expect(adapter.channels(of: named) == [.email])
    }
}
