import SwitchboardCore

/// Messages, edits, deletions and button presses.
extension TelegramWebhook {
    /// `message`, `channel_post`, `business_message`: a `message` event, or an `event` for a service message.
    func message(_ message: JSONValue, updateKind: String) throws(SwitchboardError) -> CanonicalEvent {
        let body = try TelegramMessageBody.parse(message, path: updateKind)
        var event = makeEvent(
            .message, timestamp: try Timestamp.unixSeconds(message["date"], field: updateKind + ".date"),
            contact: Self.contact(chat: message["chat"], from: message["from"]))
        switch body {
        case .content(let content, _):
            event.content = content
            event.providerMessageID = message["message_id"]?.identifier
            event.replyTo = Self.replyTarget(message)
            event.forwarded = message["forward_origin"] != nil || message["forward_date"] != nil
            event.group = message["media_group_id"]?.identifier
            if updateKind == "business_message", Self.sentByBusiness(message) {
                event.direction = .outbound
                event.echo = true
            }
        case .service(let detail, _):
            event.kind = .event
            event.event = detail
        }
        identify(&event, "\(updateKind)/\(Self.messageKey(message))/\(body.providerType)")
        return event
    }

    /// `edited_message`, `edited_channel_post`, `edited_business_message`: an `edit` of `target` with the new content.
    func edit(_ message: JSONValue, updateKind: String) throws(SwitchboardError) -> CanonicalEvent {
        let body = try TelegramMessageBody.parse(message, path: updateKind)
        let date = try Timestamp.unixSeconds(message["date"], field: updateKind + ".date")
        let edited = try Timestamp.unixSeconds(message["edit_date"], field: updateKind + ".edit_date")
        var event = makeEvent(
            .edit, timestamp: edited ?? date,
            contact: Self.contact(chat: message["chat"], from: message["from"]))
        switch body {
        case .content(let content, _): event.content = content
        case .service(_, let type): event.content = .unsupported(type)
        }
        event.target = message["message_id"]?.identifier
        event.replyTo = Self.replyTarget(message)
        event.group = message["media_group_id"]?.identifier
        if updateKind == "edited_business_message", Self.sentByBusiness(message) {
            event.direction = .outbound
            event.echo = true
        }
        let editDate = message["edit_date"]?.identifier ?? ""
        identify(&event, "\(updateKind)/\(Self.messageKey(message))/\(editDate)")
        return event
    }

    /// `deleted_business_messages`: one `delete` per message id.
    func deletions(_ item: JSONValue) -> [CanonicalEvent] {
        let chat = item["chat"]
        let chatID = Self.id(chat?["id"]) ?? ""
        return (item["message_ids"]?.array ?? []).compactMap { value in
            guard let messageID = value.identifier else { return nil }
            var event = makeEvent(.delete, timestamp: nil, contact: Self.contact(chat: chat, from: nil))
            event.target = messageID
            identify(&event, "deleted_business_messages/\(chatID)/\(messageID)")
            return event
        }
    }

    /// `callback_query`: an `interactive_reply` of kind `callback`; `id` is the callback id to answer
    /// (`answer_callback`), `payload` the button's `callback_data`, `title` the button's text where the
    /// message with the keyboard is included, `reply_to` that message.
    func callback(_ query: JSONValue) -> CanonicalEvent {
        let message = query["message"]
        let data = query["data"]?.string ?? query["game_short_name"]?.string
        let reply = InteractiveReply(
            kind: .callback, id: query["id"]?.identifier, title: Self.buttonTitle(in: message, data: data), payload: data)
        var event = makeEvent(.message, timestamp: nil, contact: Self.contact(chat: message?["chat"], from: query["from"]))
        event.content = MessageContent(type: .interactiveReply, reply: reply)
        event.replyTo = message?["message_id"]?.identifier
        identify(&event, "callback_query/\(query["id"]?.identifier ?? "")")
        return event
    }

    /// `<chat id>/<message id>`: message ids are unique per chat only.
    static func messageKey(_ message: JSONValue) -> String {
        "\(id(message["chat"]?["id"]) ?? "")/\(message["message_id"]?.identifier ?? "")"
    }

    /// The id of the message this one answers. In forum topics every message carries the topic's
    /// creation message as `reply_to_message`; that implicit link is not a reply and is left out.
    static func replyTarget(_ message: JSONValue) -> String? {
        guard let quoted = message["reply_to_message"], quoted["forum_topic_created"] == nil else { return nil }
        return quoted["message_id"]?.identifier
    }

    /// In a business chat the chat id is the customer's user id; a message from anyone else was sent by
    /// the business (its owner, or a bot on its behalf), so it is an outbound echo.
    static func sentByBusiness(_ message: JSONValue) -> Bool {
        guard let chat = message["chat"], chat["type"]?.string == "private", let chatID = id(chat["id"]),
            let senderID = id(message["from"]?["id"])
        else { return false }
        return chatID != senderID
    }

    /// The text of the inline keyboard button whose `callback_data` is `data`.
    static func buttonTitle(in message: JSONValue?, data: String?) -> String? {
        guard let data, let rows = message?["reply_markup"]?["inline_keyboard"]?.array else { return nil }
        for row in rows {
            for button in row.array ?? [] where button["callback_data"]?.string == data {
                return button["text"]?.string
            }
        }
        return nil
    }
}
