import AdapterKit
import SwitchboardCore

/// Decodes MessageBird webhooks (docs/providers.md §8): inbound SMS/MMS on long numbers and shortcodes
/// (forms), status reports (GET query) and Conversations API webhooks (JSON).
enum MessageBirdWebhook {
    static func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let fields = try WebhookFields(request: request)
        if fields.source == .json, fields.raw["message"]?.object != nil || fields.raw["conversationId"] != nil {
            return try MessageBirdConversations.decode(fields.raw, context: context)
        }
        if fields["status"] != nil, fields["id"] != nil, fields["recipient"] != nil, fields["body", "message"] == nil {
            return try statusReport(fields, context: context)
        }
        guard let id = fields["id", "message_id", "mid"], fields["originator"] != nil else {
            throw .notForProvider("no id and originator: not a MessageBird webhook")
        }
        return try inbound(id: id, fields: fields, context: context)
    }

    static func inbound(id: String, fields: WebhookFields, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let contact = Contact(id: SMSAddress.e164(fields["originator"] ?? ""))
        let account = fields["recipient", "receiver", "shortcode"].map(SMSAddress.e164) ?? context.account ?? ""
        let timestamp = try SMSTimestamp.parse(fields, "createdDatetime", "receive_datetime", "date_utc", "date")
        let text = fields["body", "message"]
        let urls = mediaURLs(fields)
        let content: MessageContent
        if urls.isEmpty {
            content = .text(text ?? "")
        } else {
            let attachments = urls.map { Attachment(kind: SMSMedia.kind(forURL: $0), url: $0, filename: SMSMedia.filename(of: $0)) }
            content = MessageContent(type: .media, text: text, attachments: attachments)
        }
        var message = CanonicalEvent(
            kind: .message, channel: .sms, provider: .messagebird, account: account, direction: .inbound, timestamp: timestamp,
            contact: contact, providerMessageID: id, content: content, raw: fields.raw)
        message.assignID(key: id)
        var events = [message]
        if content.type == .text, let keyword = SMSKeyword.event(beside: message) { events.append(keyword) }
        return events
    }

    /// `mediaURLs` as repeated fields, `mediaURLs[]` / `mediaURLs[n]`, or one comma-separated value.
    static func mediaURLs(_ fields: WebhookFields) -> [String] {
        fields.fields.filter { $0.name == "mediaURLs" || $0.name.hasPrefix("mediaURLs[") || $0.name == "mediaUrls" }
            .flatMap { $0.value.split(separator: ",").map { String($0).filter { $0 != " " } } }
            .filter { !$0.isEmpty }
    }

    /// Status report `status` → canonical status.
    static func reportStatus(_ value: String) -> DeliveryStatus? {
        switch value {
        case "scheduled", "accepted": .queued
        case "sent", "buffered": .sent
        case "delivered": .delivered
        case "expired", "delivery_failed": .failed
        default: nil
        }
    }

    static func statusReport(_ fields: WebhookFields, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let id = fields["id"] ?? ""
        let providerStatus = fields["status"] ?? ""
        let recipient = SMSAddress.e164(fields["recipient"] ?? "")
        var errors: [ProviderErrorInfo] = []
        if let code = fields["statusErrorCode"], code != "0" {
            errors.append(ProviderErrorInfo(code: code, title: MessageBirdErrorCode(code).statusTitle, detail: fields["statusReason"]))
        }
        var event = CanonicalEvent(
            kind: .status, channel: .sms, provider: .messagebird,
            account: fields["originator"].map(SMSAddress.e164) ?? context.account ?? "", direction: .outbound,
            timestamp: try SMSTimestamp.parse(fields["statusDatetime"], field: "statusDatetime"), contact: Contact(id: recipient),
            providerMessageID: id,
            errors: errors, metadata: fields["reference"], raw: fields.raw)
        if let status = reportStatus(providerStatus) {
            event.status = status
        } else {
            event.kind = .event
            event.event = EventDetail(type: "unknown_status", attributes: JSONObject([("provider_status", .string(providerStatus))]))
        }
        let key = "\(id):\(recipient):\(providerStatus):\(fields["statusErrorCode"] ?? "")"
        event.assignID(key: key)
        var events = [event]
        if errors.contains(where: { $0.code == MessageBirdErrorCode.optedOut.rawValue }) {
            var optOut = event
            optOut.kind = .event
            optOut.status = nil
            optOut.event = EventDetail(
                type: SMSKeyword.optOut.eventType, attributes: JSONObject([("reason", "provider_error"), ("error_code", "103")]))
            optOut.assignID(key: "\(id):\(recipient):opt_out")
            events.append(optOut)
        }
        return events
    }
}
