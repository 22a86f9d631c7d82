import AdapterKit
import SwitchboardCore

extension MetaMessagingScope {
    /// The sticker id Messenger sends for the 👍 "like" button.
    static let likeStickerID = "369239263222822"

    /// `message{mid, text?, quick_reply?, attachments?, reply_to?, sticker_id?, is_echo?, is_deleted?, ...}`.
    ///
    /// Echoes (`is_echo`) are the business's own messages: `direction: outbound`, `echo: true`, and the
    /// contact is the *recipient*. `is_deleted` becomes a `delete` of the mid. A story mention becomes
    /// a `story_mention` event (its URL expires with the story, so it is not media to keep).
    func message(_ message: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        let mid = message["mid"]?.identifier
        if message["is_deleted"]?.bool == true {
            var event = event(.delete)
            event.target = mid
            event.providerMessageID = mid
            return finish(event, key: mid, composite: "message")
        }
        var event = event(.message)
        if message["is_echo"]?.bool == true {
            event.direction = .outbound
            event.echo = true
            event.contact = recipient.map { Contact(id: $0) }
            event.metadata = message["metadata"]?.string
        }
        event.providerMessageID = mid
        event.replyTo = message["reply_to"]?["mid"]?.identifier ?? message["reply_to"]?["story"]?["id"]?.identifier
        event.referral = message["referral"].map(MetaMessagingScope.referral)
        let attachments = message["attachments"]?.array ?? []
        if let mention = attachments.first(where: { $0["type"]?.string == "story_mention" }) {
            event.kind = .event
            var attributes = JSONObject()
            attributes.set("url", mention["payload"]?["url"])
            attributes.set("story_id", mention["payload"]?["id"] ?? mention["payload"]?["story_id"])
            event.event = EventDetail(type: "story_mention", attributes: attributes)
            return finish(event, key: mid, composite: "message")
        }
        event.content = try content(message, attachments: attachments)
        return finish(event, key: mid, composite: "message")
    }

    /// The content of a message: quick reply, attachments (media, location, fallback, ...), sticker or text.
    func content(_ message: JSONValue, attachments: [JSONValue]) throws(SwitchboardError) -> MessageContent {
        let text = message["text"]?.string
        if message["is_unsupported"]?.bool == true { return .unsupported("unsupported", text: text) }
        if let quickReply = message["quick_reply"] {
            let reply = InteractiveReply(kind: .quickReply, title: text, payload: quickReply["payload"]?.string)
            return MessageContent(type: .interactiveReply, reply: reply)
        }
        let media = attachments.compactMap(Self.mediaAttachment)
        if !media.isEmpty {
            let like = message["sticker_id"]?.identifier == Self.likeStickerID
            return MessageContent(type: .media, text: text ?? (like ? "👍" : nil), attachments: media)
        }
        if let first = attachments.first {
            let payload = first["payload"]
            switch first["type"]?.string ?? "" {
            case "location":
                let coordinates = payload?["coordinates"]
                let field = { "\(path).message.attachments[0].payload.coordinates" }
                if let latitude = try InputNumber.latitude(coordinates?["lat"], field: field() + ".lat"),
                    let longitude = try InputNumber.longitude(coordinates?["long"], field: field() + ".long")
                {
                    let location = Location(
                        latitude: latitude, longitude: longitude, name: first["title"]?.string ?? payload?["title"]?.string,
                        url: first["url"]?.string ?? payload?["url"]?.string)
                    return MessageContent(type: .location, location: location)
                }
            case "fallback":
                // A shared link Messenger could not render; the payload may be a plain string.
                let url = first["url"]?.string ?? payload?["url"]?.string
                if let body = text ?? url ?? first["title"]?.string ?? payload?["title"]?.string { return .text(body) }
            case "like_heart":
                return .text(text ?? "❤️")
            default:
                break
            }
            return .unsupported(first["type"]?.string ?? "attachment", text: text)
        }
        if let sticker = message["sticker_id"]?.identifier {
            return MessageContent(
                type: .media, text: sticker == Self.likeStickerID ? "👍" : nil,
                attachments: [Attachment(kind: .sticker, providerMediaID: sticker)])
        }
        if let text { return .text(text) }
        return .unsupported("empty")
    }

    /// A media attachment (`image`, `video`, `audio`, `file`, `sticker`, `ig_reel`, `reel`, `share`), or `nil`.
    static func mediaAttachment(_ attachment: JSONValue) -> Attachment? {
        let payload = attachment["payload"]
        let url = payload?["url"]?.string ?? attachment["url"]?.string
        let sticker = payload?["sticker_id"]?.identifier
        let kind: Attachment.Kind
        var mediaID: String?
        switch attachment["type"]?.string ?? "" {
        case "image":
            kind = sticker != nil ? .sticker : .image
            mediaID = sticker ?? payload?["attachment_id"]?.identifier
        case "sticker":
            kind = .sticker
            mediaID = sticker
        case "video": kind = .video
        case "audio": kind = .audio
        case "file": kind = .file
        case "ig_reel", "reel":
            kind = .video
            mediaID = payload?["reel_video_id"]?.identifier
        case "share":
            // A shared post: the URL points at its image.
            kind = .image
        default: return nil
        }
        guard url != nil || mediaID != nil else { return nil }
        return Attachment(kind: kind, url: url, providerMediaID: mediaID ?? payload?["attachment_id"]?.identifier)
    }
}
