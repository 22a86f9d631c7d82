import AdapterKit
import SwitchboardCore
import TelegramAdapter
import TestSupport
import Testing

/// What the adapter knows of its provider besides the wire format: how a webhook is signed (the `secret_token` header;
/// it does not cover the body), which channels a connection carries and how a group is addressed.
@Suite struct TelegramProviderKnowledgeTests {
    let adapter = TelegramAdapter()
    let connection = ConnectionConfig(provider: .telegram, secrets: ["secret_token": "s3cr3t_Token-42"])

    @Test("every inbound fixture signed by sign(_:connection:at:) verifies; with another secret_token, refused")
    func signedFixturesVerify() throws {
        let report = try SignedFixtures.check(adapter, connection: connection, coversBody: false)
        #expect(report.fixtures >= 10)
        #expect(report.failures == [])
    }

    @Test("a negative chat id is a group (paced by the per-group limit); a user's positive id is not")
    func groups() {
        #expect(adapter.isGroup(recipient: "-1001234567890"))
        #expect(adapter.isGroup(recipient: "-42"))
        #expect(!adapter.isGroup(recipient: "123456789"))
        #expect(!adapter.isGroup(recipient: "@channelname"))
    }

    @Test("channels: Telegram; a connection naming its channel carries that one only")
    func channels() {
        #expect(adapter.channels == [.telegram])
        var named = connection
        named.channel = .telegram
        #expect(adapter.channels(of: named) == [.telegram])
    }
}
