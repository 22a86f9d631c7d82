import AdapterKit
import SwitchboardCore

extension MetaOutbound {
    /// The `message` object of a Messenger / Instagram send: text, one attachment, quick replies or a
    /// button template. Anything the channel cannot carry is refused, never dropped.
    static func messagePayload(_ content: MessageContent, channel: Channel) throws(SwitchboardError) -> JSONObject {
        var payload = JSONObject()
        switch content.type {
        case .text:
            let text = content.text ?? ""
            try MetaOutboundLimits.checkText(text, channel: channel)
            payload.append("text", .string(text))
        case .media:
            if let caption = content.text, !caption.isEmpty {
                throw .invalidMessage("\(channel.rawValue) attachments have no caption: send the text as its own message")
            }
            payload.append("attachment", try attachment(content.attachments, channel: channel))
        case .interactive:
            guard let spec = content.interactive else { throw .invalidMessage("content.interactive needs buttons or cta") }
            if spec["header"] != nil || spec["footer"] != nil {
                throw .invalidMessage("\(channel.rawValue) interactive messages have no header or footer: put them in content.text")
            }
            if let buttons = spec["buttons"] {
                let text = content.text ?? ""
                try MetaOutboundLimits.checkText(text, channel: channel, "the text above quick replies")
                payload.append("text", .string(text))
                payload.append("quick_replies", try quickReplies(buttons, channel: channel))
            } else if let cta = spec["cta"] {
                payload.append("attachment", try buttonTemplate(text: content.text, cta: cta, channel: channel))
            } else {
                throw SwitchboardError(
                    code: .unsupportedContent,
                    message: "\(channel.rawValue) cannot send an interactive list: use up to 13 buttons (quick replies)")
            }
        default:
            throw .unsupportedContent(channel: channel, type: content.type)
        }
        return payload
    }

    /// `{type, payload: {url, is_reusable}}` or `{type, payload: {attachment_id}}`.
    private static func attachment(_ attachments: [Attachment], channel: Channel) throws(SwitchboardError) -> JSONValue {
        guard attachments.count == 1, let item = attachments.first else {
            throw .invalidMessage(
                "\(channel.rawValue) sends one attachment per message, got \(attachments.count): send each attachment as its own message")
        }
        let type: String
        switch item.kind {
        case .image: type = "image"
        case .video: type = "video"
        case .audio, .voice: type = "audio"
        case .document, .file: type = "file"
        case .sticker:
            throw SwitchboardError(
                code: .unsupportedContent, message: "\(channel.rawValue) cannot send a sticker attachment: send it as an image")
        }
        var payload = JSONObject()
        if let id = item.providerMediaID {
            payload.append("attachment_id", .string(id))
        } else if let url = item.url {
            payload.append("url", .string(url))
            if channel == .messenger { payload.append("is_reusable", true) }
        }
        return ["type": .string(type), "payload": .object(payload)]
    }

    private static func quickReplies(_ buttons: JSONValue, channel: Channel) throws(SwitchboardError) -> JSONValue {
        guard let items = buttons.array, !items.isEmpty else {
            throw .invalidMessage("content.interactive.buttons must list at least one button")
        }
        guard items.count <= MetaOutboundLimits.quickReplies else {
            throw .invalidMessage(
                "\(channel.rawValue) allows at most \(MetaOutboundLimits.quickReplies) quick replies, got \(items.count)")
        }
        var output: [JSONValue] = []
        for (index, item) in items.enumerated() {
            guard let title = item["title"]?.string, !title.isEmpty else {
                throw .invalidMessage("\(channel.rawValue) needs a title for button \(index + 1)")
            }
            try MetaOutboundLimits.check(title, max: MetaOutboundLimits.quickReplyTitle, "a quick reply title", channel: channel)
            let payload = item["id"]?.identifier ?? title
            try MetaOutboundLimits.check(payload, max: MetaOutboundLimits.quickReplyPayload, "a quick reply payload", channel: channel)
            output.append(["content_type": "text", "title": .string(title), "payload": .string(payload)])
        }
        return .array(output)
    }

    /// A `cta` as a button template with one `web_url` button.
    private static func buttonTemplate(text: String?, cta: JSONValue, channel: Channel) throws(SwitchboardError) -> JSONValue {
        guard let text, !text.isEmpty else { throw .invalidMessage("\(channel.rawValue) needs content.text above a link button") }
        try MetaOutboundLimits.check(text, max: MetaOutboundLimits.buttonTemplateText, "the text of a button template", channel: channel)
        guard let title = cta["title"]?.string, !title.isEmpty else { throw .invalidMessage("content.interactive.cta needs a title") }
        try MetaOutboundLimits.check(title, max: MetaOutboundLimits.buttonTitle, "a button title", channel: channel)
        guard let url = cta["url"]?.string, url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else {
            throw .invalidMessage("content.interactive.cta.url must be an http or https URL")
        }
        let button: JSONValue = ["type": "web_url", "url": .string(url), "title": .string(title)]
        return [
            "type": "template",
            "payload": ["template_type": "button", "text": .string(text), "buttons": [button]],
        ]
    }
}
