import SwitchboardCore

/// Media, locations, contact cards, reactions and actions.
extension TelegramOutbound {
    /// The send method and parameter name for each attachment kind.
    static func sendMethod(for kind: Attachment.Kind) -> (method: String, field: String) {
        switch kind {
        case .image: ("sendPhoto", "photo")
        case .video: ("sendVideo", "video")
        case .audio: ("sendAudio", "audio")
        case .voice: ("sendVoice", "voice")
        case .document, .file: ("sendDocument", "document")
        case .sticker: ("sendSticker", "sticker")
        }
    }

    /// The file to send: a `file_id` the bot received (`provider_media_id`) or a URL Telegram fetches.
    /// Filenames cannot be set for either; Telegram takes them from the file or the URL.
    static func file(_ attachment: Attachment) -> JSONValue {
        .string(attachment.providerMediaID ?? attachment.url ?? "")
    }

    /// One attachment: `sendPhoto` & co. with the caption; two to ten: `sendMediaGroup` (caption on the first item).
    static func media(_ content: MessageContent, chat: JSONValue) throws(SwitchboardError) -> Call {
        let caption: String?
        if let text = content.text, !text.isEmpty {
            caption = try checkedText(text, limit: maxCaptionLength, name: "the caption (content.text)")
        } else {
            caption = nil
        }
        if content.attachments.count == 1, let attachment = content.attachments.first {
            let (method, field) = sendMethod(for: attachment.kind)
            var parameters = JSONObject([("chat_id", chat), (field, file(attachment))])
            if let caption {
                guard attachment.kind != .sticker else {
                    throw .invalidMessage("telegram stickers carry no caption: send the text as its own message")
                }
                parameters.set("caption", .string(caption))
            }
            return Call(method: method, parameters: parameters)
        }
        guard (2...10).contains(content.attachments.count) else {
            throw .invalidMessage(
                "telegram sends 1 attachment per message, or an album of 2 to 10; got \(content.attachments.count): split them")
        }
        let kinds = Set(content.attachments.map(\.kind))
        let visual: Set<Attachment.Kind> = [.image, .video], documents: Set<Attachment.Kind> = [.document, .file]
        guard kinds.isSubset(of: visual) || kinds == [.audio] || kinds.isSubset(of: documents) else {
            throw .invalidMessage(
                "a telegram album holds photos and videos, or only audio, or only documents (no voice or stickers); "
                    + "got \(kinds.map(\.rawValue).sorted().joined(separator: ", ")): send them as separate messages")
        }
        var items: [JSONValue] = []
        for (index, attachment) in content.attachments.enumerated() {
            var item = JSONObject([("type", .string(sendMethod(for: attachment.kind).field)), ("media", file(attachment))])
            if index == 0, let caption { item.set("caption", .string(caption)) }
            items.append(.object(item))
        }
        return Call(method: "sendMediaGroup", parameters: JSONObject([("chat_id", chat), ("media", .array(items))]))
    }

    /// `sendVenue` when the location has both a name and an address (Telegram needs both), else `sendLocation`.
    static func location(_ content: MessageContent, chat: JSONValue) throws(SwitchboardError) -> Call {
        guard let location = content.location else { throw .invalidMessage("content.location is required") }
        var parameters = JSONObject([
            ("chat_id", chat), ("latitude", .double(location.latitude)), ("longitude", .double(location.longitude)),
        ])
        if let name = location.name, !name.isEmpty, let address = location.address, !address.isEmpty {
            parameters.set("title", .string(name))
            parameters.set("address", .string(address))
            return Call(method: "sendVenue", parameters: parameters)
        }
        return Call(method: "sendLocation", parameters: parameters)
    }

    /// `sendContact` for exactly one card: the full name as `first_name`, the first phone as `phone_number`,
    /// and a vCard when there are more phones or e-mail addresses.
    static func contact(_ content: MessageContent, chat: JSONValue) throws(SwitchboardError) -> Call {
        guard content.contacts.count == 1, let card = content.contacts.first else {
            throw .invalidMessage("telegram sends one contact card per message; got \(content.contacts.count)")
        }
        guard let phone = card.phones.first, !phone.isEmpty else {
            throw .invalidMessage("content.contacts[0] needs a phone number: telegram contact cards are phone numbers")
        }
        var parameters = JSONObject([
            ("chat_id", chat), ("phone_number", .string(phone)), ("first_name", .string(card.name.isEmpty ? phone : card.name)),
        ])
        if card.phones.count > 1 || !card.emails.isEmpty {
            var lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:\(card.name.isEmpty ? phone : card.name)"]
            lines += card.phones.map { "TEL:\($0)" }
            lines += card.emails.map { "EMAIL:\($0)" }
            lines.append("END:VCARD")
            parameters.set("vcard", .string(lines.joined(separator: "\n")))
        }
        return Call(method: "sendContact", parameters: parameters)
    }

    /// `setMessageReaction`; an empty emoji removes the bot's reaction.
    static func reaction(_ content: MessageContent, chat: JSONValue) throws(SwitchboardError) -> Call {
        guard let reaction = content.reaction, let messageID = Int64(reaction.target) else {
            throw .invalidMessage("content.reaction.target must be a Telegram message_id (an integer)")
        }
        let list: JSONValue = reaction.emoji.isEmpty ? [] : [["type": "emoji", "emoji": .string(reaction.emoji)]]
        return Call(
            method: "setMessageReaction",
            parameters: JSONObject([("chat_id", chat), ("message_id", .int(messageID)), ("reaction", list)]),
            acceptsReply: false, acceptsBusinessConnection: false)
    }

    /// Telegram's own chat actions, accepted as action names as they are.
    static let chatActions: Set<String> = [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ]

    /// `typing_on` (or a Telegram chat action name) → `sendChatAction`; `answer_callback` →
    /// `answerCallbackQuery` with `target` = the callback id (the `reply.id` of the inbound callback) and
    /// optional `text` (from the action, else `content.text`), `show_alert` and `url`.
    static func action(_ content: MessageContent, chat: JSONValue) throws(SwitchboardError) -> Call {
        let action = content.action ?? .null
        let name = action["name"]?.string ?? ""
        switch name {
        case _ where name == "typing_on" || chatActions.contains(name):
            let chatAction = name == "typing_on" ? "typing" : name
            return Call(
                method: "sendChatAction", parameters: JSONObject([("chat_id", chat), ("action", .string(chatAction))]), acceptsReply: false)
        case "answer_callback":
            guard let target = action["target"]?.identifier, !target.isEmpty else {
                throw .invalidMessage("content.action.target must be the callback id to answer (the callback's reply.id)")
            }
            var parameters = JSONObject([("callback_query_id", .string(target))])
            if let text = action["text"]?.string ?? content.text, !text.isEmpty {
                parameters.set("text", .string(try checkedText(text, limit: maxCallbackAnswerLength, name: "the callback answer text")))
            }
            if let alert = action["show_alert"]?.bool { parameters.set("show_alert", .bool(alert)) }
            if let url = action["url"]?.string { parameters.set("url", .string(url)) }
            return Call(method: "answerCallbackQuery", parameters: parameters, acceptsReply: false, acceptsBusinessConnection: false)
        case "typing_off":
            throw SwitchboardError(
                code: .unsupportedContent,
                message:
                    "telegram has no typing_off: the typing indicator ends by itself after about 5 seconds or when the bot sends a message")
        case "mark_read":
            throw SwitchboardError(code: .unsupportedContent, message: "telegram bots cannot mark messages as read")
        default:
            throw .invalidMessage(
                "telegram actions are typing_on, answer_callback or a Telegram chat action (\(chatActions.sorted().joined(separator: ", "))); got \"\(name)\""
            )
        }
    }
}
