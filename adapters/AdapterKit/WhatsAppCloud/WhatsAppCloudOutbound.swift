import Foundation
import SwitchboardCore

/// Builds WhatsApp Cloud API message bodies from canonical outbound messages (docs/providers.md §2.4).
///
/// Shared by every adapter that speaks the Cloud API wire format: Meta's Graph API
/// (`POST /{version}/{phone_number_id}/messages`) and 360dialog (`POST /messages`) send the same
/// bodies, so only the URL and the credential header differ. Pure: no I/O, no clock.
///
/// Mapping, in short:
/// - the contact id becomes `to` when it is a phone number (digits, optional `+`) and `recipient`
///   when it is a business-scoped user id (BSUID, e.g. `US.13491208655302741918`);
/// - `reply_to` becomes `context.message_id`, `metadata` becomes `biz_opaque_callback_data`;
/// - `text` sets `preview_url: true` when the body contains an `http://` or `https://` link;
/// - `media` sends one attachment by `id` (preferred) or `link`; `voice` goes out as `audio`,
///   `file` as `document`; captions are refused for audio and stickers;
/// - `action` `mark_read` becomes `{status: "read", message_id}`; `typing_on` adds
///   `typing_indicator: {type: "text"}`; `typing_off` does not exist on WhatsApp and is refused.
public enum WhatsAppCloudOutbound {
    /// The JSON body for `message`. Throws `invalid_message` for a message that breaks a WhatsApp
    /// limit and `unsupported_content` for a content type WhatsApp cannot carry.
    public static func body(for message: OutboundMessage) throws(SwitchboardError) -> JSONValue {
        guard message.channel == .whatsapp else {
            throw SwitchboardError(
                code: .unsupportedContent,
                message: "the WhatsApp Cloud API sends only to whatsapp conversations, not to \(message.channel.rawValue)")
        }
        if message.commentID != nil {
            throw .invalidMessage("whatsapp has no comments: comment_id (private replies) is for instagram and messenger")
        }
        let content = message.content
        if content.type == .action { return try action(message) }

        var body = JSONObject()
        body.append("messaging_product", "whatsapp")
        body.append("recipient_type", "individual")
        let address = try recipientField(for: message.to)
        body.append(address.key, .string(message.to))
        if let replyTo = message.replyTo, content.type != .reaction {
            body.append("context", ["message_id": .string(replyTo)])
        }
        if let metadata = message.metadata {
            try WhatsAppCloudOutboundLimits.check(metadata, max: WhatsAppCloudOutboundLimits.callbackData, "metadata")
            body.append("biz_opaque_callback_data", .string(metadata))
        }
        let (type, payload) = try typedPayload(for: content)
        body.append("type", .string(type))
        body.append(type, payload)
        return .object(body)
    }

    /// Whether `contactID` addresses a business-scoped user id (sent as `recipient`) rather than a
    /// phone number (sent as `to`).
    public static func isBusinessScopedUserID(_ contactID: String) -> Bool {
        (try? recipientField(for: contactID))?.key == "recipient"
    }

    /// `to` for `+`-optional digits, `recipient` for a BSUID (`CC.digits`, `US.ENT.…`).
    static func recipientField(for contactID: String) throws(SwitchboardError) -> (key: String, value: String) {
        let digits = contactID.hasPrefix("+") ? contactID.dropFirst() : Substring(contactID)
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return ("to", contactID) }
        let isBSUID =
            contactID.contains(".") && !contactID.hasPrefix(".") && !contactID.hasSuffix(".")
            && contactID.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == ".") }
        guard isBSUID else {
            throw .invalidMessage(
                "whatsapp contact \"\(contactID)\" is neither a phone number (digits, optional +) nor a business-scoped user id such as US.13491208655302741918"
            )
        }
        return ("recipient", contactID)
    }

    private static func typedPayload(for content: MessageContent) throws(SwitchboardError) -> (String, JSONValue) {
        switch content.type {
        case .text:
            let text = try WhatsAppCloudOutboundLimits.checkNonEmpty(
                content.text, max: WhatsAppCloudOutboundLimits.textBody, "a text message")
            var object = JSONObject()
            object.append("body", .string(text))
            if containsLink(text) { object.append("preview_url", true) }
            return ("text", .object(object))
        case .media: return try media(content)
        case .template: return ("template", try template(content))
        case .interactive: return ("interactive", try interactive(content))
        case .reaction:
            guard let reaction = content.reaction else { throw .invalidMessage("content.reaction needs emoji and target") }
            return ("reaction", ["message_id": .string(reaction.target), "emoji": .string(reaction.emoji)])
        case .location:
            guard let location = content.location else { throw .invalidMessage("content.location needs latitude and longitude") }
            var object = JSONObject()
            object.append("latitude", .double(location.latitude))
            object.append("longitude", .double(location.longitude))
            object.set("name", location.name.map(JSONValue.string))
            object.set("address", location.address.map(JSONValue.string))
            return ("location", .object(object))
        case .contacts: return ("contacts", try contacts(content.contacts))
        default:
            throw .unsupportedContent(channel: .whatsapp, type: content.type)
        }
    }

    private static func media(_ content: MessageContent) throws(SwitchboardError) -> (String, JSONValue) {
        guard content.attachments.count == 1, let attachment = content.attachments.first else {
            throw .invalidMessage(
                "whatsapp sends one attachment per message, got \(content.attachments.count): send each attachment as its own message")
        }
        let type: String
        switch attachment.kind {
        case .image: type = "image"
        case .video: type = "video"
        case .audio, .voice: type = "audio"
        case .document, .file: type = "document"
        case .sticker: type = "sticker"
        }
        var object = JSONObject()
        if let id = attachment.providerMediaID {
            object.append("id", .string(id))
        } else if let url = attachment.url {
            object.append("link", .string(url))
        }
        if let caption = content.text, !caption.isEmpty {
            guard type != "audio", type != "sticker" else {
                throw .invalidMessage("whatsapp cannot caption \(attachment.kind.rawValue): send the text as its own message")
            }
            try WhatsAppCloudOutboundLimits.check(caption, max: WhatsAppCloudOutboundLimits.caption, "a media caption")
            object.append("caption", .string(caption))
        }
        if type == "document", let filename = attachment.filename { object.append("filename", .string(filename)) }
        return (type, .object(object))
    }

    private static func contacts(_ cards: [SharedContact]) throws(SwitchboardError) -> JSONValue {
        var items: [JSONValue] = []
        for card in cards {
            let formatted = card.name.trimmingCharacters(in: .whitespaces)
            guard !formatted.isEmpty else { throw .invalidMessage("whatsapp needs a name for every shared contact") }
            let words = formatted.split(separator: " ", maxSplits: 1)
            var name = JSONObject()
            name.append("formatted_name", .string(formatted))
            name.append("first_name", .string(String(words[0])))
            if words.count > 1 { name.append("last_name", .string(String(words[1]))) }
            var object = JSONObject()
            object.append("name", .object(name))
            if !card.phones.isEmpty { object.append("phones", .array(card.phones.map { ["phone": .string($0)] })) }
            if !card.emails.isEmpty { object.append("emails", .array(card.emails.map { ["email": .string($0)] })) }
            items.append(.object(object))
        }
        return .array(items)
    }

    /// Mark as read (and optionally show the typing indicator): answered with `{success: true}`.
    private static func action(_ message: OutboundMessage) throws(SwitchboardError) -> JSONValue {
        let name = message.content.action?["name"]?.string ?? ""
        let target = message.content.action?["target"]?.identifier ?? message.replyTo
        switch name {
        case "mark_read", "typing_on":
            guard let target, !target.isEmpty else {
                throw .invalidMessage("whatsapp \(name) needs content.action.target: the wamid of the message being read")
            }
            var body = JSONObject()
            body.append("messaging_product", "whatsapp")
            body.append("status", "read")
            body.append("message_id", .string(target))
            if name == "typing_on" { body.append("typing_indicator", ["type": "text"]) }
            return .object(body)
        case "typing_off":
            throw SwitchboardError(
                code: .unsupportedContent,
                message: "whatsapp cannot send the action typing_off: the indicator disappears when you reply or after 25 s")
        default:
            throw SwitchboardError(
                code: .unsupportedContent, message: "whatsapp cannot send the action \"\(name)\" (known: mark_read, typing_on)")
        }
    }

    /// Whether the text holds an `http://` or `https://` link (WhatsApp then renders a preview).
    /// Read as UTF-8 bytes, letters compared without case: it runs on every text send.
    static func containsLink(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index + 7 <= bytes.count {
            if bytes[index] | 0x20 == UInt8(ascii: "h"), bytes[index + 1] | 0x20 == UInt8(ascii: "t"),
                bytes[index + 2] | 0x20 == UInt8(ascii: "t"), bytes[index + 3] | 0x20 == UInt8(ascii: "p")
            {
                var rest = index + 4
                if bytes[rest] | 0x20 == UInt8(ascii: "s") { rest += 1 }
                if rest + 3 <= bytes.count, bytes[rest] == UInt8(ascii: ":"), bytes[rest + 1] == UInt8(ascii: "/"),
                    bytes[rest + 2] == UInt8(ascii: "/")
                {
                    return true
                }
            }
            index += 1
        }
        return false
    }
}
