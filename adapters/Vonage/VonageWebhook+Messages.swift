import AdapterKit
import SwitchboardCore

/// Messages API webhooks: inbound messages and statuses (JSON with `message_uuid`).
extension VonageWebhook {
    static func messagesAPI(_ json: JSONValue, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        guard let uuid = json["message_uuid"]?.identifier else { throw .notForProvider("no message_uuid") }
        let providerChannel = json["channel"]?.string ?? "sms"
        guard let channel = channel(providerChannel) ?? (json["channel"] == nil ? context.channel : nil) else {
            throw .notForProvider("Vonage channel \(providerChannel) is not one Switchboard carries")
        }
        func address(_ value: String?) -> String? { value.map { channel == .messenger ? $0 : SMSAddress.e164($0) } }
        let timestamp = try SMSTimestamp.parse(json["timestamp"], field: "timestamp")
        if let providerStatus = json["status"]?.string, json["message_type"] == nil {
            return [
                status(uuid: uuid, providerStatus: providerStatus, json: json, channel: channel, address: address, timestamp: timestamp)
            ]
        }
        var message = CanonicalEvent(
            kind: .message, channel: channel, provider: .vonage,
            account: address(json["to"]?.identifier) ?? context.account ?? "", direction: .inbound, timestamp: timestamp,
            contact: Contact(id: address(json["from"]?.identifier) ?? "", name: json["profile"]?["name"]?.string),
            providerMessageID: uuid, replyTo: json["context"]?["message_uuid"]?.string, content: try content(json), raw: json)
        if let referral = json["whatsapp"]?["referral"] ?? json["referral"], referral.object != nil {
            message.referral = Referral(
                sourceType: referral["source_type"]?.string ?? "ad", sourceID: referral["source_id"]?.identifier,
                sourceURL: referral["source_url"]?.string, headline: referral["headline"]?.string,
                ctwaClid: referral["ctwa_clid"]?.string)
        }
        message.assignID(key: uuid)
        var events = [message]
        if channel == .sms, message.content?.type == .text, let keyword = SMSKeyword.event(beside: message) { events.append(keyword) }
        return events
    }

    /// Messages API `channel` → canonical channel (`sms` and `mms` are both SMS).
    static func channel(_ value: String) -> Channel? {
        switch value {
        case "sms", "mms": .sms
        case "whatsapp": .whatsapp
        case "messenger": .messenger
        default: nil
        }
    }

    static func content(_ json: JSONValue) throws(SwitchboardError) -> MessageContent {
        let type = json["message_type"]?.string ?? "text"
        switch type {
        case "text":
            return .text(json["text"]?.string ?? "")
        case "image", "video", "audio", "file", "sticker", "vcard":
            let media = json[type] ?? .null
            let kinds: [String: Attachment.Kind] = [
                "image": .image, "video": .video, "audio": .audio, "file": .document, "sticker": .sticker, "vcard": .file,
            ]
            let url = media["url"]?.string
            let attachment = Attachment(
                kind: kinds[type] ?? .file, url: url, filename: media["name"]?.string ?? url.flatMap(SMSMedia.filename))
            return MessageContent(type: .media, text: media["caption"]?.string, attachments: [attachment])
        case "location":
            let location = json["location"] ?? .null
            let latitudeKey = location["lat"] != nil ? "lat" : "latitude"
            let longitudeKey = location["long"] != nil ? "long" : "longitude"
            guard let latitude = try InputNumber.latitude(location[latitudeKey], field: "location." + latitudeKey),
                let longitude = try InputNumber.longitude(location[longitudeKey], field: "location." + longitudeKey)
            else { return .unsupported(type) }
            return MessageContent(
                type: .location,
                location: Location(
                    latitude: latitude, longitude: longitude, name: location["name"]?.string, address: location["address"]?.string))
        case "reply":
            let reply = json["reply"] ?? .null
            let kind: InteractiveReply.Kind = reply["description"] == nil ? .button : .list
            return MessageContent(
                type: .interactiveReply, reply: InteractiveReply(kind: kind, id: reply["id"]?.identifier, title: reply["title"]?.string))
        case "button":
            let button = json["button"] ?? .null
            return MessageContent(
                type: .interactiveReply,
                reply: InteractiveReply(kind: .templateButton, title: button["text"]?.string, payload: button["payload"]?.string))
        default:
            return .unsupported(type, text: json["text"]?.string)
        }
    }

    /// Messages API status → canonical status.
    static func messagesStatus(_ value: String) -> DeliveryStatus? {
        switch value {
        case "submitted": .sent
        case "delivered": .delivered
        case "read": .read
        case "rejected", "undeliverable", "failed": .failed
        case "deleted": .deleted
        default: nil
        }
    }

    static func status(
        uuid: String, providerStatus: String, json: JSONValue, channel: Channel, address: (String?) -> String?,
        timestamp: Timestamp?
    ) -> CanonicalEvent {
        var errors: [ProviderErrorInfo] = []
        if let error = json["error"], error.object != nil {
            let typeCode = error["type"]?.string.flatMap {
                $0.split(separator: "#").count > 1 ? $0.split(separator: "#").last.map(String.init) : nil
            }
            let code = error["code"]?.identifier ?? typeCode ?? error["title"]?.identifier ?? "unknown"
            let title = error["title"]?.string.flatMap { $0 == code ? nil : $0 } ?? VonageErrorCode(code).messagesTitle
            errors.append(ProviderErrorInfo(code: code, title: title, detail: error["detail"]?.string ?? error["reason"]?.string))
        }
        var pricing: Pricing?
        if let whatsappPricing = json["whatsapp"]?["pricing"], whatsappPricing.object != nil {
            pricing = Pricing(
                category: whatsappPricing["category"]?.string, type: whatsappPricing["type"]?.string,
                model: whatsappPricing["pricing_model"]?.string)
        }
        var event = CanonicalEvent(
            kind: .status, channel: channel, provider: .vonage, account: address(json["from"]?.identifier) ?? "",
            direction: .outbound, timestamp: timestamp, contact: address(json["to"]?.identifier).map { Contact(id: $0) },
            providerMessageID: uuid, errors: errors, pricing: pricing, metadata: json["client_ref"]?.string, raw: json)
        if let status = messagesStatus(providerStatus) {
            event.status = status
        } else {
            event.kind = .event
            event.event = EventDetail(type: "unknown_status", attributes: JSONObject([("provider_status", .string(providerStatus))]))
        }
        event.assignID(key: "\(uuid):\(providerStatus):\(errors.first?.code ?? "")")
        return event
    }
}
