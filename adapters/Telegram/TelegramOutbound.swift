import AdapterKit
import SwitchboardCore

/// Encodes canonical outbound messages as Bot API calls: `POST {base}/bot<bot_token>/<method>` with a
/// JSON body (docs/providers.md §5). The token has to be in the path; redaction (`ProviderRequest.redacting`
/// with the connection's secret values) hides it wherever a request is printed.
///
/// | content | method |
/// |---|---|
/// | `text` | `sendMessage` |
/// | `interactive` | `sendMessage` + `reply_markup.inline_keyboard` |
/// | `media` (one) | `sendPhoto` / `sendVideo` / `sendAudio` / `sendVoice` / `sendDocument` / `sendSticker` |
/// | `media` (2–10) | `sendMediaGroup` |
/// | `location` | `sendLocation`, or `sendVenue` with name and address |
/// | `contacts` | `sendContact` |
/// | `reaction` | `setMessageReaction` |
/// | `action` | `sendChatAction` (`typing_on` or a Telegram chat action), `answerCallbackQuery` (`answer_callback`) |
enum TelegramOutbound {
    /// The public Bot API.
    static let defaultBaseURL = "https://api.telegram.org"
    /// `sendMessage` text, in UTF-16 code units as Telegram counts them.
    static let maxTextLength = 4096
    /// Media captions.
    static let maxCaptionLength = 1024
    /// `callback_data` of an inline keyboard button, in bytes.
    static let maxCallbackDataBytes = 64
    /// `answerCallbackQuery` notification text.
    static let maxCallbackAnswerLength = 200

    /// One Bot API call.
    struct Call {
        var method: String
        var parameters: JSONObject
        /// Whether the method takes `reply_parameters` (the canonical `reply_to`).
        var acceptsReply = true
        /// Whether the method takes `business_connection_id` (the connection option of that name).
        var acceptsBusinessConnection = true
    }

    /// Builds the request for `message`.
    static func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        guard message.channel == .telegram else {
            throw .invalidMessage("the telegram provider sends on channel telegram only, not \(message.channel.rawValue)")
        }
        let token = try connection.secret("bot_token")
        var call = try self.call(for: message)
        if call.acceptsReply, let replyTo = message.replyTo {
            guard let messageID = Int64(replyTo) else {
                throw .invalidMessage("reply_to must be a Telegram message_id (an integer), got \"\(replyTo)\"")
            }
            call.parameters.set("reply_parameters", ["message_id": .int(messageID), "allow_sending_without_reply": true])
        }
        if call.acceptsBusinessConnection, let business = connection.options["business_connection_id"], !business.isEmpty {
            call.parameters.set("business_connection_id", .string(business))
        }
        var base = connection.baseURL ?? defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        var request = ProviderRequest.json(url: "\(base)/bot\(token)/\(call.method)", body: .object(call.parameters))
        request.annotations.set("method", .string(call.method))
        return request
    }

    /// The method and parameters for the message's content.
    static func call(for message: OutboundMessage) throws(SwitchboardError) -> Call {
        let content = message.content
        let chat = chatID(message.to)
        switch content.type {
        case .text:
            let text = try checkedText(content.text, limit: maxTextLength, name: "content.text")
            return Call(method: "sendMessage", parameters: JSONObject([("chat_id", chat), ("text", .string(text))]))
        case .interactive:
            return try interactive(content, chat: chat)
        case .media:
            return try media(content, chat: chat)
        case .location:
            return try location(content, chat: chat)
        case .contacts:
            return try contact(content, chat: chat)
        case .reaction:
            return try reaction(content, chat: chat)
        case .action:
            return try action(content, chat: chat)
        case .template:
            throw SwitchboardError(
                code: .unsupportedContent,
                message: "telegram cannot send content of type template: Telegram has no message templates; "
                    + "a bot may write to anyone who started it, so send text, media or interactive content instead")
        default:
            throw .unsupportedContent(channel: .telegram, type: content.type)
        }
    }

    /// `chat_id`: a number for numeric ids (users, groups `-…`, channels `-100…`), else a string (`@channelusername`).
    static func chatID(_ to: String) -> JSONValue {
        if let number = Int64(to) { return .int(number) }
        return .string(to)
    }

    /// Text that is present, not empty and within `limit` UTF-16 code units.
    static func checkedText(_ text: String?, limit: Int, name: String) throws(SwitchboardError) -> String {
        guard let text, !text.isEmpty else { throw .invalidMessage("\(name) is required and must not be empty") }
        let length = text.utf16.count
        guard length <= limit else {
            throw .invalidMessage("\(name) is \(length) characters; Telegram allows at most \(limit): split it into several messages")
        }
        return text
    }

    // MARK: - Interactive

    /// `sendMessage` with an inline keyboard: reply buttons and list rows become `callback_data` buttons
    /// (one per row; the id comes back as the callback's `payload`), a `cta` a `url` button. Telegram has no
    /// header or footer, so text ones are put before and after the body; list section titles, row
    /// descriptions and the list's button label have no place in a keyboard and are dropped.
    static func interactive(_ content: MessageContent, chat: JSONValue) throws(SwitchboardError) -> Call {
        let interactive = content.interactive ?? .null
        var parts: [String] = []
        if let header = try decoration(interactive["header"], name: "header") { parts.append(header) }
        guard let body = content.text, !body.isEmpty else {
            throw .invalidMessage("content.text (the message body) is required for interactive content")
        }
        parts.append(body)
        if let footer = try decoration(interactive["footer"], name: "footer") { parts.append(footer) }
        let text = try checkedText(parts.joined(separator: "\n\n"), limit: maxTextLength, name: "the interactive text")
        var rows: [JSONValue] = []
        for (index, button) in (interactive["buttons"]?.array ?? []).enumerated() {
            rows.append([try callbackButton(button, name: "content.interactive.buttons[\(index)]")])
        }
        for (sectionIndex, section) in (interactive["list"]?["sections"]?.array ?? []).enumerated() {
            for (rowIndex, row) in (section["rows"]?.array ?? []).enumerated() {
                rows.append([try callbackButton(row, name: "content.interactive.list.sections[\(sectionIndex)].rows[\(rowIndex)]")])
            }
        }
        if let cta = interactive["cta"] {
            guard let title = cta["title"]?.string, !title.isEmpty, let url = cta["url"]?.string, !url.isEmpty else {
                throw .invalidMessage("content.interactive.cta needs a title and a url")
            }
            rows.append([["text": .string(title), "url": .string(url)]])
        }
        guard !rows.isEmpty else { throw .invalidMessage("content.interactive needs at least one button, list row or cta") }
        return Call(
            method: "sendMessage",
            parameters: JSONObject([
                ("chat_id", chat), ("text", .string(text)), ("reply_markup", ["inline_keyboard": .array(rows)]),
            ]))
    }

    /// A `callback_data` button from `{id, title}`.
    static func callbackButton(_ button: JSONValue, name: String) throws(SwitchboardError) -> JSONValue {
        guard let title = button["title"]?.string, !title.isEmpty else { throw .invalidMessage("\(name).title is required") }
        guard let id = button["id"]?.identifier, !id.isEmpty else { throw .invalidMessage("\(name).id is required") }
        let bytes = id.utf8.count
        guard bytes <= maxCallbackDataBytes else {
            throw .invalidMessage(
                "\(name).id is \(bytes) bytes; Telegram callback_data holds at most \(maxCallbackDataBytes) bytes: use a shorter id")
        }
        return ["text": .string(title), "callback_data": .string(id)]
    }

    /// A text header or footer (`"..."` or `{type: text, text}`); media headers cannot be carried.
    static func decoration(_ value: JSONValue?, name: String) throws(SwitchboardError) -> String? {
        guard let value, !value.isNull else { return nil }
        if let text = value.string { return text.isEmpty ? nil : text }
        if let text = value["text"]?.string, (value["type"]?.string ?? "text") == "text" { return text.isEmpty ? nil : text }
        throw .invalidMessage(
            "content.interactive.\(name): telegram carries only a text \(name) (send the media as its own message first)")
    }
}
