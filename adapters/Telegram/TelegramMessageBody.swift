import SwitchboardCore

/// What a Telegram `Message` carries, mapped to canonical content, or to an event for service messages
/// (members joining, a group migrating to a supergroup, a payment, a pinned message, ...).
enum TelegramMessageBody {
    /// A message a person wrote: `providerType` is the Telegram field that carried it (`text`, `photo`, ...).
    case content(MessageContent, providerType: String)
    /// A service message, reported as an `event`.
    case service(EventDetail, providerType: String)

    /// The Telegram field name that decided the mapping (part of event keys).
    var providerType: String {
        switch self {
        case .content(_, let type), .service(_, let type): type
        }
    }

    /// Reads a `Message` object; `path` is its place in the Update (`message`), naming a refused field.
    static func parse(_ message: JSONValue, path: @autoclosure () -> String) throws(SwitchboardError) -> TelegramMessageBody {
        let caption = message["caption"]?.string
        if let text = message["text"]?.string { return .content(.text(text), providerType: "text") }
        // `animation` also sets `document` (for old clients): check it first and report it once.
        if let animation = message["animation"] {
            return try media(.video, animation, caption: caption, type: "animation", defaultMIME: "video/mp4", path: path())
        }
        if let sizes = message["photo"]?.array, let (index, largest) = try largestPhoto(sizes, path: path() + ".photo") {
            return try media(.image, largest, caption: caption, type: "photo", defaultMIME: "image/jpeg", path: path() + ".photo[\(index)]")
        }
        if let video = message["video"] { return try media(.video, video, caption: caption, type: "video", path: path()) }
        if let note = message["video_note"] {
            return try media(.video, note, caption: caption, type: "video_note", defaultMIME: "video/mp4", path: path())
        }
        if let voice = message["voice"] {
            return try media(.voice, voice, caption: caption, type: "voice", defaultMIME: "audio/ogg", path: path())
        }
        if let audio = message["audio"] { return try media(.audio, audio, caption: caption, type: "audio", path: path()) }
        if let document = message["document"] { return try media(.document, document, caption: caption, type: "document", path: path()) }
        if let sticker = message["sticker"] {
            return try media(.sticker, sticker, caption: caption, type: "sticker", defaultMIME: stickerMIME(sticker), path: path())
        }
        if let venue = message["venue"],
            let latitude = try InputNumber.latitude(venue["location"]?["latitude"], field: path() + ".venue.location.latitude"),
            let longitude = try InputNumber.longitude(venue["location"]?["longitude"], field: path() + ".venue.location.longitude")
        {
            let location = Location(
                latitude: latitude, longitude: longitude, name: venue["title"]?.string, address: venue["address"]?.string)
            return .content(MessageContent(type: .location, location: location), providerType: "venue")
        }
        if let location = message["location"],
            let latitude = try InputNumber.latitude(location["latitude"], field: path() + ".location.latitude"),
            let longitude = try InputNumber.longitude(location["longitude"], field: path() + ".location.longitude")
        {
            return .content(
                MessageContent(type: .location, location: Location(latitude: latitude, longitude: longitude)), providerType: "location")
        }
        if let contact = message["contact"] {
            return .content(MessageContent(type: .contacts, contacts: [sharedContact(contact)]), providerType: "contact")
        }
        if let data = message["web_app_data"] {
            let reply = InteractiveReply(kind: .flow, title: data["button_text"]?.string, payload: data["data"]?.string)
            return .content(MessageContent(type: .interactiveReply, reply: reply), providerType: "web_app_data")
        }
        if let poll = message["poll"] { return .content(.unsupported("poll", text: poll["question"]?.string), providerType: "poll") }
        if let dice = message["dice"] { return .content(.unsupported("dice", text: dice["emoji"]?.string), providerType: "dice") }
        if let service = service(message) { return service }
        let type = message.object?.keys.first { !envelopeFields.contains($0) } ?? "unknown"
        return .content(.unsupported(type, text: caption), providerType: type)
    }

    /// A media message with one attachment; `path` is the message's place (the photo size's, for a photo).
    static func media(
        _ kind: Attachment.Kind, _ file: JSONValue, caption: String?, type: String, defaultMIME: String? = nil,
        path: @autoclosure () -> String
    ) throws(SwitchboardError) -> TelegramMessageBody {
        let size = try InputNumber.count(
            file["file_size"], field: type == "photo" ? path() + ".file_size" : path() + "." + type + ".file_size")
        let attachment = Attachment(
            kind: kind, mimeType: file["mime_type"]?.string ?? defaultMIME, providerMediaID: file["file_id"]?.identifier,
            filename: file["file_name"]?.string, size: size)
        return .content(MessageContent(type: .media, text: caption, attachments: [attachment]), providerType: type)
    }

    /// Photo sides in pixels: Telegram's `Integer`s are 32-bit, so an area cannot overflow.
    static let photoSides: ClosedRange<Int64> = 0...Int64(Int32.max)

    /// The largest `PhotoSize` by pixel area (then by bytes), with its index. Telegram usually lists it
    /// last, but not always. A side outside ``photoSides`` or a negative `file_size` is refused.
    static func largestPhoto(_ sizes: [JSONValue], path: @autoclosure () -> String) throws(SwitchboardError) -> (Int, JSONValue)? {
        var best: (Int, JSONValue)?
        var bestArea: Int64 = -1
        var bestBytes: Int64 = -1
        for (index, size) in sizes.enumerated() {
            let width = try side(size["width"], field: "\(path())[\(index)].width")
            let height = try side(size["height"], field: "\(path())[\(index)].height")
            let area = width * height
            let bytes = try InputNumber.count(size["file_size"], field: "\(path())[\(index)].file_size") ?? 0
            if area > bestArea || (area == bestArea && bytes >= bestBytes) {
                best = (index, size)
                bestArea = area
                bestBytes = bytes
            }
        }
        return best
    }

    private static func side(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Int64 {
        try InputNumber.integer(value, in: photoSides, field: field(), expected: "a photo side (0 to \(Int32.max) pixels)") ?? 0
    }

    /// Sticker files: static WEBP, animated TGS, video WEBM (core.telegram.org/stickers).
    static func stickerMIME(_ sticker: JSONValue) -> String {
        if sticker["is_video"]?.bool == true { return "video/webm" }
        if sticker["is_animated"]?.bool == true { return "application/x-tgsticker" }
        return "image/webp"
    }

    /// A shared `Contact`: full name, its phone number, and any e-mail addresses in its vCard.
    static func sharedContact(_ contact: JSONValue) -> SharedContact {
        let name = [contact["first_name"]?.string, contact["last_name"]?.string].compactMap { $0 }.filter { !$0.isEmpty }
            .joined(separator: " ")
        var emails: [String] = []
        for line in (contact["vcard"]?.string ?? "").split(whereSeparator: \.isNewline) {
            guard line.uppercased().hasPrefix("EMAIL"), let colon = line.firstIndex(of: ":") else { continue }
            let address = line[line.index(after: colon)...]
            if !address.isEmpty { emails.append(String(address)) }
        }
        return SharedContact(name: name, phones: contact["phone_number"]?.identifier.map { [$0] } ?? [], emails: emails)
    }

    /// Service messages: membership, migration and payments get their own event types; the rest is
    /// `service_message` with `service` = the Telegram field.
    static func service(_ message: JSONValue) -> TelegramMessageBody? {
        if let members = message["new_chat_members"]?.array {
            let list = members.compactMap(TelegramWebhook.userJSON)
            return .service(
                EventDetail(type: "members_joined", attributes: JSONObject([("members", .array(list))])), providerType: "new_chat_members")
        }
        if let member = message["left_chat_member"] {
            var attributes = JSONObject()
            attributes.set("member", TelegramWebhook.userJSON(member))
            return .service(EventDetail(type: "member_left", attributes: attributes), providerType: "left_chat_member")
        }
        let chatID = TelegramWebhook.id(message["chat"]?["id"])
        if let newID = TelegramWebhook.id(message["migrate_to_chat_id"]) {
            var attributes = JSONObject()
            attributes.set("from_chat_id", chatID.map(JSONValue.string))
            attributes.set("to_chat_id", .string(newID))
            return .service(EventDetail(type: "chat_migrated", attributes: attributes), providerType: "migrate_to_chat_id")
        }
        if let oldID = TelegramWebhook.id(message["migrate_from_chat_id"]) {
            var attributes = JSONObject()
            attributes.set("from_chat_id", .string(oldID))
            attributes.set("to_chat_id", chatID.map(JSONValue.string))
            return .service(EventDetail(type: "chat_migrated", attributes: attributes), providerType: "migrate_from_chat_id")
        }
        if let payment = message["successful_payment"] {
            let detail = EventDetail(type: "payment_succeeded", attributes: TelegramWebhook.scalarMembers(payment))
            return .service(detail, providerType: "successful_payment")
        }
        if let payment = message["refunded_payment"] {
            let detail = EventDetail(type: "payment_refunded", attributes: TelegramWebhook.scalarMembers(payment))
            return .service(detail, providerType: "refunded_payment")
        }
        guard let field = message.object?.keys.first(where: serviceFields.contains) else { return nil }
        return .service(EventDetail(type: "service_message", attributes: JSONObject([("service", .string(field))])), providerType: field)
    }

    /// Message fields that say something about the service, not the content.
    static let serviceFields: Set<String> = [
        "new_chat_title", "new_chat_photo", "delete_chat_photo", "group_chat_created", "supergroup_chat_created",
        "channel_chat_created", "message_auto_delete_timer_changed", "pinned_message", "users_shared", "chat_shared",
        "write_access_allowed", "connected_website", "proximity_alert_triggered", "boost_added", "chat_background_set",
        "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened", "general_forum_topic_hidden",
        "general_forum_topic_unhidden", "giveaway_created", "giveaway_completed", "video_chat_scheduled", "video_chat_started",
        "video_chat_ended", "video_chat_participants_invited", "gift", "unique_gift", "paid_message_price_changed",
        "direct_message_price_changed", "checklist_tasks_done", "checklist_tasks_added", "passport_data",
    ]

    /// Message fields that describe the envelope (sender, chat, reply, forward, formatting), not the content.
    static let envelopeFields: Set<String> = [
        "message_id", "message_thread_id", "from", "sender_chat", "sender_boost_count", "sender_business_bot", "date",
        "business_connection_id", "chat", "forward_origin", "forward_from", "forward_from_chat", "forward_from_message_id",
        "forward_signature", "forward_sender_name", "forward_date", "is_topic_message", "is_automatic_forward",
        "reply_to_message", "external_reply", "quote", "reply_to_story", "via_bot", "edit_date", "has_protected_content",
        "is_from_offline", "media_group_id", "author_signature", "entities", "caption", "caption_entities",
        "link_preview_options", "effect_id", "show_caption_above_media", "has_media_spoiler", "reply_markup", "paid_star_count",
        "is_paid_post", "direct_messages_topic", "reply_to_checklist_task_id", "suggested_post_info",
    ]
}
