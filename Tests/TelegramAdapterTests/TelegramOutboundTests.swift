import AdapterKit
import SwitchboardCore
import TelegramAdapter
import Testing

/// Encoding canonical messages as Bot API calls.
@Suite struct TelegramOutboundTests {
    let adapter = TelegramAdapter()
    static let token = "6000000001:AAH3kZ-example-token_9f8e7d6c5b4a"
    let connection = ConnectionConfig(provider: .telegram, account: "SupportBot", secrets: ["bot_token": Secret(token)])

    func encode(_ json: String, connection: ConnectionConfig? = nil) throws -> ProviderRequest {
        try adapter.encode(OutboundMessage(json: JSONParser.parse(json)), connection: connection ?? self.connection)
    }

    func body(_ request: ProviderRequest) throws -> JSONValue { try JSONParser.parse(request.body) }

    @Test func theTokenIsInThePathButRedactedInPrintedRequests() throws {
        let request = try encode(#"{"conversation":"telegram:SupportBot:5550001","content":{"type":"text","text":"hi"}}"#)
        #expect(request.url == "https://api.telegram.org/bot\(Self.token)/sendMessage")
        let printed = request.redacting(connection.secretValues).descriptionJSON.prettyText
        #expect(!printed.contains(Self.token))
        #expect(!printed.contains("AAH3kZ"))
        #expect(printed.contains("https://api.telegram.org/bot<redacted>/sendMessage"))
    }

    @Test func textGoesToSendMessageWithTheMethodAnnotated() throws {
        let request = try encode(#"{"conversation":"telegram:SupportBot:5550001","reply_to":"4250","content":{"type":"text","text":"hi"}}"#)
        #expect(request.annotations["method"] == "sendMessage")
        let body = try body(request)
        #expect(body["chat_id"] == .number("5550001"))
        #expect(body["text"] == "hi")
        #expect(body["reply_parameters"]?["message_id"] == .number("4250"))
    }

    @Test func sixtyFourBitChatIDsAreSentExactly() throws {
        let request = try encode(#"{"conversation":"telegram:SupportBot:-9007199254740993","content":{"type":"text","text":"hi"}}"#)
        #expect(String(decoding: request.body, as: UTF8.self).contains(#""chat_id":-9007199254740993"#))
    }

    @Test func baseURLOverridesTheAPIHost() throws {
        var mock = connection
        mock.baseURL = "http://127.0.0.1:9090/"
        let request = try encode(#"{"conversation":"telegram:SupportBot:1","content":{"type":"text","text":"hi"}}"#, connection: mock)
        #expect(request.url == "http://127.0.0.1:9090/bot\(Self.token)/sendMessage")
    }

    @Test func buttonsBecomeAnInlineKeyboardAndLongCallbackDataIsRefused() throws {
        let request = try encode(
            #"{"conversation":"telegram:SupportBot:1","content":{"type":"interactive","text":"Pick","interactive":{"buttons":[{"id":"a","title":"A"},{"id":"b","title":"B"}]}}}"#
        )
        let keyboard = try #require(try body(request)["reply_markup"]?["inline_keyboard"]?.array)
        #expect(keyboard.count == 2)
        #expect(keyboard[0][0]?["callback_data"] == "a")
        let longID = String(repeating: "x", count: 65)
        let refused = #expect(throws: SwitchboardError.self) {
            try encode(
                #"{"conversation":"telegram:SupportBot:1","content":{"type":"interactive","text":"Pick","interactive":{"buttons":[{"id":"\#(longID)","title":"A"}]}}}"#
            )
        }
        #expect(refused?.code == "invalid_message")
    }

    @Test func mediaByFileIDUsesTheKindsMethod() throws {
        let request = try encode(
            #"{"conversation":"telegram:SupportBot:1","content":{"type":"media","text":"cap","attachments":[{"kind":"voice","provider_media_id":"AwACAg"}]}}"#
        )
        #expect(request.url.hasSuffix("/sendVoice"))
        #expect(try body(request)["voice"] == "AwACAg")
        #expect(try body(request)["caption"] == "cap")
    }

    @Test func answerCallbackTargetsTheCallbackID() throws {
        let request = try encode(
            #"{"conversation":"telegram:SupportBot:1","content":{"type":"action","action":{"name":"answer_callback","target":"cb-77","text":"Done"}}}"#
        )
        #expect(request.url.hasSuffix("/answerCallbackQuery"))
        #expect(try body(request)["callback_query_id"] == "cb-77")
        #expect(try body(request)["text"] == "Done")
    }

    @Test func templatesAreRefusedClearly() {
        let error = #expect(throws: SwitchboardError.self) {
            try encode(#"{"conversation":"telegram:SupportBot:1","content":{"type":"template","template":{"name":"x","language":"en"}}}"#)
        }
        #expect(error?.code == "unsupported_content")
        #expect(error?.message.contains("template") == true)
    }

    @Test func aMissingBotTokenIsNamed() {
        let error = #expect(throws: SwitchboardError.self) {
            try encode(
                #"{"conversation":"telegram:SupportBot:1","content":{"type":"text","text":"hi"}}"#,
                connection: ConnectionConfig(provider: .telegram, account: "SupportBot"))
        }
        #expect(error?.code == "missing_secret")
    }

    @Test func textOverTheLimitIsRefusedCountingUTF16() throws {
        // 2048 emoji are 4096 UTF-16 code units: allowed; one more character is not.
        let emoji = String(repeating: "😀", count: 2048)
        _ = try encode(#"{"conversation":"telegram:SupportBot:1","content":{"type":"text","text":"\#(emoji)"}}"#)
        #expect(throws: SwitchboardError.self) {
            try encode(#"{"conversation":"telegram:SupportBot:1","content":{"type":"text","text":"\#(emoji)a"}}"#)
        }
    }
}
