import AdapterKit
import Dialog360Adapter
import SwitchboardCore
import Testing

@Suite struct Dialog360OutboundTests {
    static let apiKey = "d360-secret-key-abcdef"

    static func connection(baseURL: String? = nil) -> ConnectionConfig {
        ConnectionConfig(provider: .dialog360, secrets: ["api_key": Secret(apiKey)], baseURL: baseURL)
    }

    static func encode(_ json: String, connection: ConnectionConfig = connection()) throws -> ProviderRequest {
        try Dialog360Adapter().encode(OutboundMessage(json: JSONParser.parse(json)), connection: connection)
    }

    static let text = #"{"conversation": "whatsapp:106540352242922:16505551234", "content": {"type": "text", "text": "hi"}}"#

    @Test func sendsCloudAPIBodiesToTheMessagesEndpointWithTheAPIKeyHeader() throws {
        let request = try Self.encode(Self.text)
        #expect(request.url == "https://waba-v2.360dialog.io/messages")
        #expect(request.header("D360-API-KEY") == Self.apiKey)
        #expect(request.header("Authorization") == nil)
        let body = try JSONParser.parse(request.body)
        #expect(body["messaging_product"]?.string == "whatsapp")
        #expect(body["to"]?.string == "16505551234")
        #expect(body["text"]?["body"]?.string == "hi")
    }

    @Test func keyStaysOutOfTheURLBodyAndPrintedRequest() throws {
        let request = try Self.encode(Self.text)
        #expect(!request.url.contains(Self.apiKey))
        #expect(!String(decoding: request.body, as: UTF8.self).contains(Self.apiKey))
        let printed = request.redacting(Self.connection().secretValues).descriptionJSON.prettyText
        #expect(!printed.contains(Self.apiKey))
        #expect(printed.contains("<redacted>"))
    }

    @Test func baseURLOverrideKeepsThePath() throws {
        #expect(
            try Self.encode(Self.text, connection: Self.connection(baseURL: "http://127.0.0.1:9090/")).url
                == "http://127.0.0.1:9090/messages")
    }

    @Test func bsuidGoesOutAsRecipient() throws {
        let request = try Self.encode(
            #"{"conversation": "whatsapp:1065:US.13491208655302741918", "content": {"type": "text", "text": "hi"}}"#)
        let body = try JSONParser.parse(request.body)
        #expect(body["recipient"]?.string == "US.13491208655302741918")
        #expect(body["to"] == nil)
    }

    @Test func refusesOtherChannelsAndMissingKey() throws {
        #expect(throws: SwitchboardError.self) {
            try Self.encode(#"{"conversation": "messenger:1067:1254", "content": {"type": "text", "text": "hi"}}"#)
        }
        do {
            _ = try Self.encode(Self.text, connection: ConnectionConfig(provider: .dialog360))
            Issue.record("encoding without an api_key must fail")
        } catch {
            #expect((error as? SwitchboardError)?.code == "missing_secret")
        }
    }

    @Test func responsesAreClassifiedLikeTheCloudAPI() {
        let adapter = Dialog360Adapter()
        let request = ProviderRequest(url: "https://waba-v2.360dialog.io/messages")
        let ok = ProviderResponse(status: 200, body: Array(#"{"messages": [{"id": "wamid.Z"}]}"#.utf8))
        #expect(adapter.interpret(ok, for: request) == .sent(providerMessageID: "wamid.Z"))
        let window = ProviderResponse(status: 400, body: Array(#"{"error": {"code": 131047, "message": "Re-engagement message"}}"#.utf8))
        #expect(adapter.interpret(window, for: request).name == "window_closed")
        let badKey = ProviderResponse(
            status: 401, body: Array(#"{"meta": {"success": false, "http_code": 401, "developer_message": "Invalid api key"}}"#.utf8))
        #expect(adapter.interpret(badKey, for: request).name == "reauthorize")
    }
}
