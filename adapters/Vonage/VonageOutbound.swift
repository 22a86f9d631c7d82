import AdapterKit
import SwitchboardCore

/// Builds Vonage send requests (docs/providers.md §7).
///
/// - SMS text goes through the SMS API, `POST https://rest.nexmo.com/sms/json`, as JSON with `api_key`,
///   `api_secret`, `from`, `to` (no `+`), `text`, `type=unicode` when the text needs UCS-2, `client-ref`
///   from `metadata` and `callback` from option `status_callback`.
/// - WhatsApp and Messenger always, and SMS/MMS when option `api` is `messages`, go through the Messages
///   API, `POST https://api.nexmo.com/v1/messages`, with HTTP Basic `api_key:api_secret`: text, one
///   media item (MMS on the sms channel), WhatsApp templates and locations as `custom` messages.
enum VonageOutbound {
    static func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        switch message.channel {
        case .whatsapp, .messenger: return try messagesAPI(message, connection: connection)
        case .sms:
            if connection.options["api"]?.lowercased() == "messages" { return try messagesAPI(message, connection: connection) }
            return try smsAPI(message, connection: connection)
        default:
            throw .invalidMessage("Vonage carries sms, whatsapp and messenger, not \(message.channel.rawValue)")
        }
    }

    static func smsAPI(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        guard message.content.type == .text, let text = message.content.text else {
            if message.content.type == .media {
                throw .invalidMessage("the Vonage SMS API sends text only: set the connection option api=messages to send MMS")
            }
            throw .unsupportedContent(channel: message.channel, type: message.content.type)
        }
        let encoding = SMSEncoding(text)
        var body = JSONObject()
        body.set("api_key", .string(try connection.secret("api_key")))
        body.set("api_secret", .string(try connection.secret("api_secret")))
        body.set("from", .string(SMSAddress.digitsOnly(message.account)))
        body.set("to", .string(SMSAddress.digitsOnly(message.to)))
        body.set("text", .string(text))
        if encoding.scheme == .ucs2 { body.set("type", "unicode") }
        body.set("client-ref", message.metadata.map(JSONValue.string))
        if let callback = connection.options["status_callback"], !callback.isEmpty {
            body.set("callback", .string(callback))
            body.set("status-report-req", "1")
        }
        let base = (connection.baseURL ?? "https://rest.nexmo.com").trimmingSuffix("/")
        var request = ProviderRequest.json(url: "\(base)/sms/json", body: .object(body))
        request.annotations = encoding.annotations
        return request
    }

    static func messagesAPI(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        let content = message.content
        let isPhone = message.channel != .messenger
        var body = JSONObject()
        var channelName = message.channel.rawValue
        var annotations = JSONObject()
        switch content.type {
        case .text:
            let text = content.text ?? ""
            body.set("message_type", "text")
            body.set("text", .string(text))
            if message.channel == .sms { annotations = SMSEncoding(text).annotations }
        case .media:
            guard content.attachments.count == 1, let attachment = content.attachments.first else {
                throw .invalidMessage("the Vonage Messages API sends one media item per message, got \(content.attachments.count)")
            }
            guard let url = attachment.url else {
                throw .invalidMessage("content.attachments[0] needs a url: Vonage fetches media by URL")
            }
            let type: String
            switch attachment.kind {
            case .image: type = "image"
            case .video: type = "video"
            case .audio, .voice: type = "audio"
            case .sticker: type = "sticker"
            case .document, .file: type = message.channel == .sms ? "vcard" : "file"
            }
            var media = JSONObject([("url", .string(url))])
            if type != "audio", type != "sticker", type != "vcard" { media.set("caption", content.text.map(JSONValue.string)) }
            if type == "file" { media.set("name", attachment.filename.map(JSONValue.string)) }
            body.set("message_type", .string(type))
            body.set(type, .object(media))
            if message.channel == .sms { channelName = "mms" }
        case .template where message.channel == .whatsapp:
            let template = content.template ?? .null
            var native = JSONObject([("name", template["name"] ?? .null)])
            native.set("language", ["policy": "deterministic", "code": template["language"] ?? "en"])
            native.set("components", template["components"])
            body.set("message_type", "custom")
            body.set("custom", ["type": "template", "template": .object(native)])
        case .location where message.channel == .whatsapp:
            guard let location = content.location else { throw .invalidMessage("content.location is required") }
            var native = JSONObject([("latitude", .double(location.latitude)), ("longitude", .double(location.longitude))])
            native.set("name", location.name.map(JSONValue.string))
            native.set("address", location.address.map(JSONValue.string))
            body.set("message_type", "custom")
            body.set("custom", ["type": "location", "location": .object(native)])
        default:
            throw .unsupportedContent(channel: message.channel, type: content.type)
        }
        body.set("channel", .string(channelName))
        body.set("to", .string(isPhone ? SMSAddress.digitsOnly(message.to) : message.to))
        body.set("from", .string(isPhone ? SMSAddress.digitsOnly(message.account) : message.account))
        body.set("client_ref", message.metadata.map(JSONValue.string))
        if message.channel == .whatsapp, let replyTo = message.replyTo { body.set("context", ["message_uuid": .string(replyTo)]) }
        let credentials = Base64.encode(Array("\(try connection.secret("api_key")):\(try connection.secret("api_secret"))".utf8))
        let base = (connection.baseURL ?? "https://api.nexmo.com").trimmingSuffix("/")
        var request = ProviderRequest.json(
            url: "\(base)/v1/messages", headers: [HTTPField(name: "Authorization", value: "Basic \(credentials)")], body: .object(body))
        request.annotations = annotations
        return request
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
