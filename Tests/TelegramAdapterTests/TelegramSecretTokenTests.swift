import AdapterKit
import SwitchboardCore
import TelegramAdapter
import Testing

/// The webhook's only authentication: the `X-Telegram-Bot-Api-Secret-Token` header.
@Suite struct TelegramSecretTokenTests {
    let adapter = TelegramAdapter()
    let connection = ConnectionConfig(provider: .telegram, account: "SupportBot", secrets: ["secret_token": "s3cr3t_Token-42"])

    func request(token: String?) -> InboundRequest {
        var headers = [HTTPField(name: "Content-Type", value: "application/json")]
        if let token { headers.append(HTTPField(name: "X-Telegram-Bot-Api-Secret-Token", value: token)) }
        return InboundRequest(headers: headers, body: Array(#"{"update_id":1}"#.utf8))
    }

    @Test func theConfiguredTokenIsAccepted() {
        #expect(adapter.verify(request(token: "s3cr3t_Token-42"), connection: connection) == .valid)
    }

    @Test func theHeaderNameIsCaseInsensitive() {
        let lowerCased = InboundRequest(
            headers: [HTTPField(name: "x-telegram-bot-api-secret-token", value: "s3cr3t_Token-42")], body: [])
        #expect(adapter.verify(lowerCased, connection: connection) == .valid)
    }

    @Test(arguments: ["", "s3cr3t_Token-43", "s3cr3t_Token-42 ", "S3CR3T_TOKEN-42"])
    func aWrongTokenIsRefusedWithoutRevealingTheSecret(token: String) {
        let result = adapter.verify(request(token: token), connection: connection)
        guard case .invalid(let reason) = result else {
            Issue.record("accepted \(token)")
            return
        }
        #expect(!reason.contains("s3cr3t"))
        #expect(reason.contains("does not match"))
    }

    @Test func aMissingHeaderIsRefused() {
        #expect(
            adapter.verify(request(token: nil), connection: connection)
                == .invalid(reason: "missing X-Telegram-Bot-Api-Secret-Token header"))
    }

    @Test func aConnectionWithoutSecretTokenRefusesEverything() {
        let open = ConnectionConfig(provider: .telegram, account: "SupportBot")
        #expect(!adapter.verify(request(token: ""), connection: open).isValid)
        #expect(!adapter.verify(request(token: "anything"), connection: open).isValid)
    }
}
