import AdapterKit
import SwitchboardCore

/// Conversations API webhooks (`message.created`, `message.updated`): the `message` object of the
/// envelope, or a bare message object. Received messages become `message` events; messages the
/// business sent become `status` events.
enum MessageBirdConversations {
    static func decode(_ json: JSONValue, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let message = json["message"]?.object != nil ? json["message"]! : json
        guard let id = message["id"]?.identifier else { throw .notForProvider("a Conversations message needs an id") }
        let channel = platformChannel(message["platform"]?.string) ?? context.channel ?? .sms
        let isPhone = channel == .sms || channel == .whatsapp
        func address(_ value: String?) -> String? { value.map { isPhone ? SMSAddress.e164($0) : $0 } }
        let account = context.account ?? message["channelId"]?.identifier ?? ""
        let path = json["message"]?.object != nil ? "message." : ""
        let timestamp = try SMSTimestamp.parse(message["createdDatetime"], field: path + "createdDatetime")
        let direction = message["direction"]?.string ?? "received"
        let contactMSISDN = json["contact"]?["msisdn"]?.identifier
        if direction == "sent" {
            let contactID = address(contactMSISDN ?? message["to"]?.identifier) ?? message["conversationId"]?.identifier ?? ""
            let providerStatus = message["status"]?.string ?? ""
            let updated = try SMSTimestamp.parse(message["updatedDatetime"], field: path + "updatedDatetime")
            var event = CanonicalEvent(
                kind: .status, channel: channel, provider: .messagebird, account: account, direction: .outbound,
                timestamp: updated ?? timestamp, contact: Contact(id: contactID),
                providerMessageID: id, raw: message)
            if let status = status(providerStatus) {
                event.status = status
            } else {
                event.kind = .event
                event.event = EventDetail(type: "unknown_status", attributes: JSONObject([("provider_status", .string(providerStatus))]))
            }
            event.assignID(key: "\(id):\(providerStatus)")
            return [event]
        }
        let contactID = address(contactMSISDN ?? message["from"]?.identifier) ?? message["conversationId"]?.identifier ?? ""
        let fullName = [json["contact"]?["firstName"]?.string, json["contact"]?["lastName"]?.string].compactMap { $0 }
            .joined(separator: " ")
        let name = json["contact"]?["displayName"]?.string ?? fullName
        var event = CanonicalEvent(
            kind: .message, channel: channel, provider: .messagebird, account: account, direction: .inbound, timestamp: timestamp,
            contact: Contact(id: contactID, name: name.isEmpty ? nil : name), providerMessageID: id,
            content: try content(message, path: path),
            raw: message)
        event.assignID(key: id)
        var events = [event]
        if channel == .sms, event.content?.type == .text, let keyword = SMSKeyword.event(beside: event) { events.append(keyword) }
        return events
    }

    /// Conversations `platform` → channel.
    static func platformChannel(_ platform: String?) -> Channel? {
        switch platform {
        case "sms": .sms
        case "whatsapp": .whatsapp
        case "facebook": .messenger
        case "instagram": .instagram
        case "telegram": .telegram
        case "email": .email
        default: nil
        }
    }

    static func status(_ value: String) -> DeliveryStatus? {
        switch value {
        case "pending", "accepted": .queued
        case "sent": .sent
        case "delivered": .delivered
        case "read": .read
        case "failed", "rejected": .failed
        case "deleted": .deleted
        default: nil
        }
    }

    /// The content of a Conversations message; `path` (`message.` or empty) names a refused field.
    static func content(_ message: JSONValue, path: String) throws(SwitchboardError) -> MessageContent {
        let type = message["type"]?.string ?? "text"
        let body = message["content"] ?? .null
        switch type {
        case "text":
            return .text(body["text"]?.string ?? "")
        case "image", "video", "audio", "file":
            let kinds: [String: Attachment.Kind] = ["image": .image, "video": .video, "audio": .audio, "file": .document]
            let url = body[type]?["url"]?.string
            let attachment = Attachment(kind: kinds[type] ?? .file, url: url, filename: url.flatMap(SMSMedia.filename))
            return MessageContent(type: .media, text: body[type]?["caption"]?.string, attachments: [attachment])
        case "location":
            let place = body["location"]
            guard let latitude = try InputNumber.latitude(place?["latitude"], field: path + "content.location.latitude"),
                let longitude = try InputNumber.longitude(place?["longitude"], field: path + "content.location.longitude")
            else { return .unsupported(type) }
            return MessageContent(type: .location, location: Location(latitude: latitude, longitude: longitude))
        default:
            return .unsupported(type, text: body["text"]?.string)
        }
    }
}
