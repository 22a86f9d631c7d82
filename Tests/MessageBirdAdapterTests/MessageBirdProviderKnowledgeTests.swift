import AdapterKit
import MessageBirdAdapter
import SwitchboardCore
import TestSupport
import Testing

/// What the adapter knows of its provider besides the wire format: how a webhook is signed (`MessageBird-Signature-JWT`
/// over the URL and body), which channels a connection carries.
@Suite struct MessageBirdProviderKnowledgeTests {
    let adapter = MessageBirdAdapter()
    let connection = ConnectionConfig(provider: .messagebird, secrets: ["signing_key": "PlLrKaqvZNRR5zAjm42ZT6q1SQxgbbGd"])

    @Test("every inbound fixture signed by sign(_:connection:at:) verifies; altered or signed with another signing key, refused")
    func signedFixturesVerify() throws {
        let report = try SignedFixtures.check(adapter, connection: connection, coversBody: true)
        #expect(report.fixtures >= 10)
        #expect(report.failures == [])
    }

    @Test("the token is valid from one second before the signing time for five minutes (received with one second of skew)")
    func timeWindow() {
        let request = InboundRequest(url: "https://gw.example/webhooks/messagebird?id=1", body: [])
        let signed = adapter.sign(request, connection: connection, at: Timestamp(seconds: 1_714_564_800))
        func verify(at seconds: Int64) -> VerificationResult {
            var received = signed
            received.receivedAt = Timestamp(seconds: seconds)
            received.clockSkewMilliseconds = 1000
            return adapter.verify(received, connection: connection)
        }
        #expect(verify(at: 1_714_564_800) == .valid)
        #expect(verify(at: 1_714_565_100) == .valid)
        #expect(!verify(at: 1_714_565_102).isValid)
        #expect(adapter.webhookContentType == "application/x-www-form-urlencoded")
    }

    @Test("channels: SMS; a connection naming its channel carries that one only")
    func channels() {
        #expect(adapter.channels == [.sms])
        var named = connection
        named.channel = .sms
        #expect(adapter.channels(of: named) == [.sms])
    }
}
