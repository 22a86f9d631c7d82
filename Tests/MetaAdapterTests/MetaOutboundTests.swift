import AdapterKit
import MetaAdapter
import SwitchboardCore
import Testing

@Suite struct MetaOutboundTests {
    typealias F = MetaOutboundFixture

    static let channels = [
        #"{"conversation": "whatsapp:106540352242922:16505551234", "content": {"type": "text", "text": "hi"}}"#,
        #"{"conversation": "messenger:1067280970047460:1254459154682919", "content": {"type": "text", "text": "hi"}}"#,
        #"{"conversation": "instagram:17841405822304914:1914016008859286", "comment_id": "178", "content": {"type": "text", "text": "hi"}}"#,
        #"{"conversation": "whatsapp:106540352242922:16505551234", "content": {"type": "action", "action": {"name": "mark_read", "target": "wamid.X"}}}"#,
    ]

    @Test(arguments: channels)
    func tokenTravelsOnlyInTheAuthorizationHeader(json: String) throws {
        let request = try F.encode(json)
        #expect(request.header("Authorization") == "Bearer \(F.token)")
        #expect(!request.url.contains(F.token))
        #expect(!String(decoding: request.body, as: UTF8.self).contains(F.token))
        #expect(request.headers.filter { $0.value.contains(F.token) }.map(\.name) == ["Authorization"])
        let printed = request.redacting(F.connection().secretValues).descriptionJSON.prettyText
        #expect(!printed.contains(F.token))
        #expect(printed.contains("Bearer <redacted>"))
    }

    @Test func missingTokenIsRefused() throws {
        let connection = ConnectionConfig(provider: .meta)
        let error = try F.refusal(Self.channels[0], connection: connection)
        #expect(error?.code == "missing_secret")
    }

    @Test func whatsappURLUsesPhoneNumberIDVersionAndBase() throws {
        let request = try F.encode(Self.channels[0])
        #expect(request.method == "POST")
        #expect(request.url == "https://graph.facebook.com/\(MetaOutbound.defaultAPIVersion)/106540352242922/messages")
        let pinned = try F.encode(
            Self.channels[0], connection: F.connection(baseURL: "http://127.0.0.1:9090/", options: ["api_version": "21.0"]))
        #expect(pinned.url == "http://127.0.0.1:9090/v21.0/106540352242922/messages")
    }

    @Test func instagramLoginUsesTheInstagramHost() throws {
        let request = try F.encode(Self.channels[2], connection: F.connection(options: ["login": "instagram"]))
        #expect(request.url.hasPrefix("https://graph.instagram.com/"))
        #expect(request.url.hasSuffix("/17841405822304914/messages"))
    }

    @Test func bsuidContactIsSentAsRecipient() throws {
        let body = try F.body(
            F.encode(#"{"conversation": "whatsapp:1065:US.13491208655302741918", "content": {"type": "text", "text": "hi"}}"#))
        #expect(body["recipient"]?.string == "US.13491208655302741918")
        #expect(body["to"] == nil)
        #expect(WhatsAppCloudOutbound.isBusinessScopedUserID("US.ENT.13491208655302741918"))
    }

    @Test(arguments: ["16505551234", "+16505551234"])
    func phoneContactIsSentAsTo(contact: String) throws {
        let body = try F.body(
            F.encode(#"{"channel": "whatsapp", "account": "1065", "to": "\#(contact)", "content": {"type": "text", "text": "hi"}}"#))
        #expect(body["to"]?.string == contact)
        #expect(body["recipient"] == nil)
    }

    @Test func replyToAndMetadataBecomeContextAndCallbackData() throws {
        let body = try F.body(
            F.encode(
                #"{"conversation": "whatsapp:1065:16505551234", "reply_to": "wamid.A", "metadata": "crm-1", "content": {"type": "text", "text": "ok"}}"#
            ))
        #expect(body["context"]?["message_id"]?.string == "wamid.A")
        #expect(body["biz_opaque_callback_data"]?.string == "crm-1")
        #expect(body["text"]?["preview_url"] == nil)
    }

    @Test(
        "a text with an http:// or https:// link asks for a preview, in any letter case; other texts do not",
        arguments: [
            ("see https://example.com/x", true), ("HTTP://EXAMPLE.COM", true), ("Https://a", true), ("ends with http://", true),
            ("Zoë → http://ü.example", true), ("http:/ not a link", false), ("https:", false), ("httpx://a", false),
            ("ftp://example.com", false), ("http", false), ("h", false),
        ])
    func linkPreview(text: String, preview: Bool) throws {
        let json = JSONValue.object(
            JSONObject([
                ("conversation", .string("whatsapp:1065:16505551234")),
                ("content", .object(JSONObject([("type", .string("text")), ("text", .string(text))]))),
            ]))
        let body = try F.body(F.encode(json.canonicalText))
        #expect(body["text"]?["body"]?.string == text)
        #expect(body["text"]?["preview_url"] == (preview ? .bool(true) : nil))
    }

    @Test func typingOnMarksReadAndShowsTheIndicator() throws {
        let request = try F.encode(
            #"{"conversation": "whatsapp:1065:16505551234", "content": {"type": "action", "action": {"name": "typing_on", "target": "wamid.B"}}}"#
        )
        let body = try F.body(request)
        #expect(body["status"]?.string == "read")
        #expect(body["message_id"]?.string == "wamid.B")
        #expect(body["typing_indicator"]?["type"]?.string == "text")
        #expect(body["to"] == nil)
    }

    @Test func messengerMessagingTypeFollowsTagAndReply() throws {
        let base = #""conversation": "messenger:1067:1254", "content": {"type": "text", "text": "hi"}"#
        #expect(try F.body(F.encode("{\(base)}"))["messaging_type"]?.string == "UPDATE")
        #expect(try F.body(F.encode(#"{\#(base), "reply_to": "m_1"}"#))["messaging_type"]?.string == "RESPONSE")
        let tagged = try F.body(F.encode(#"{\#(base), "tag": "HUMAN_AGENT"}"#))
        #expect(tagged["messaging_type"]?.string == "MESSAGE_TAG")
        #expect(tagged["tag"]?.string == "HUMAN_AGENT")
    }

    @Test func privateReplyAddressesTheComment() throws {
        let body = try F.body(F.encode(Self.channels[2]))
        #expect(body["recipient"]?["comment_id"]?.string == "178")
        #expect(body["recipient"]?["id"] == nil)
        #expect(body["message"]?["text"]?.string == "hi")
    }

    @Test(arguments: [("mark_read", "mark_seen"), ("typing_on", "typing_on"), ("typing_off", "typing_off")])
    func messengerSenderActionsGoOutAlone(action: String, expected: String) throws {
        let body = try F.body(
            F.encode(#"{"conversation": "messenger:1067:1254", "content": {"type": "action", "action": {"name": "\#(action)"}}}"#))
        #expect(body["sender_action"]?.string == expected)
        #expect(body["message"] == nil)
        #expect(body["messaging_type"] == nil)
    }

    @Test func connectionBoundToAnotherAccountOrChannelRefuses() throws {
        let wrongAccount = try F.refusal(Self.channels[0], connection: F.connection(account: "999"))
        #expect(wrongAccount?.code == "invalid_message")
        #expect(wrongAccount?.message.contains("999") == true)
        let wrongChannel = try F.refusal(Self.channels[0], connection: F.connection(channel: .messenger))
        #expect(wrongChannel?.code == "invalid_message")
        #expect(try F.refusal(Self.channels[0], connection: F.connection(channel: .whatsapp, account: "106540352242922")) == nil)
    }
}

/// Small builders shared by the Meta outbound and response tests.
enum MetaOutboundFixture {
    static let token = "EAAGm0PX4ZCpsBAKSecretToken123"

    static func connection(
        channel: Channel? = nil, account: String = "", baseURL: String? = nil, options: [String: String] = [:]
    ) -> ConnectionConfig {
        ConnectionConfig(
            name: "test", provider: .meta, channel: channel, account: account,
            secrets: ["access_token": Secret(token), "app_secret": "app-secret-value"], baseURL: baseURL, options: options)
    }

    static func message(_ json: String) throws -> OutboundMessage {
        try OutboundMessage(json: JSONParser.parse(json))
    }

    static func encode(_ json: String, connection: ConnectionConfig = connection()) throws -> ProviderRequest {
        try MetaAdapter().encode(message(json), connection: connection)
    }

    static func body(_ request: ProviderRequest) throws -> JSONValue { try JSONParser.parse(request.body) }

    /// The refusal for `json`, or `nil` when it encodes.
    static func refusal(_ json: String, connection: ConnectionConfig = connection()) throws -> SwitchboardError? {
        let message = try message(json)
        do {
            _ = try MetaAdapter().encode(message, connection: connection)
            return nil
        } catch {
            return error
        }
    }
}
