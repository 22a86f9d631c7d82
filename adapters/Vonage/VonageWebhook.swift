import AdapterKit
import SwitchboardCore

/// Decodes Vonage webhooks (docs/providers.md §7): SMS API inbound messages and delivery receipts (GET
/// query, POST form or POST JSON) and Messages API inbound and status JSON.
enum VonageWebhook {
    static func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let fields = try WebhookFields(request: request)
        if fields.source == .json, fields.raw["message_uuid"] != nil {
            return try messagesAPI(fields.raw, context: context)
        }
        guard let messageID = fields["messageId", "message-id"] else {
            throw .notForProvider("no messageId or message_uuid: not a Vonage webhook")
        }
        guard fields["msisdn"] != nil else { throw .notForProvider("a Vonage SMS webhook needs msisdn") }
        if fields["status"] != nil, fields["text"] == nil {
            return [try receipt(messageID: messageID, fields: fields, context: context)]
        }
        return try inbound(messageID: messageID, fields: fields, context: context)
    }

    static func inbound(messageID: String, fields: WebhookFields, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let contact = Contact(id: SMSAddress.e164(fields["msisdn"] ?? ""))
        let account = fields["to"].map(SMSAddress.e164) ?? context.account ?? ""
        let timestamp = try SMSTimestamp.parse(fields["message-timestamp"], field: "message-timestamp")
        let text = fields["text"] ?? ""
        if fields["concat"] == "true", let ref = fields["concat-ref"], let (part, total) = try concatPosition(fields) {
            let attributes = JSONObject([
                ("ref", .string(ref)), ("part", .int(part)), ("total", .int(total)), ("text", .string(text)),
                ("from", .string(contact.id)), ("to", .string(account)), ("message_id", .string(messageID)),
            ])
            var event = CanonicalEvent(
                kind: .event, channel: .sms, provider: .vonage, account: account, direction: .inbound, timestamp: timestamp,
                contact: contact, providerMessageID: messageID,
                event: EventDetail(type: ConcatenatedSMSAssembler.partType, attributes: attributes), raw: fields.raw)
            event.assignID(key: "\(messageID):part:\(ref):\(part)/\(total)")
            return [event]
        }
        let content: MessageContent = fields["type"] == "binary" ? .unsupported("binary", text: fields["text"]) : .text(text)
        var message = CanonicalEvent(
            kind: .message, channel: .sms, provider: .vonage, account: account, direction: .inbound, timestamp: timestamp,
            contact: contact, providerMessageID: messageID, content: content, raw: fields.raw)
        message.assignID(key: messageID)
        var events = [message]
        if content.type == .text, let keyword = SMSKeyword.event(beside: message) { events.append(keyword) }
        return events
    }

    /// SMS API delivery receipt `status` → canonical status (`unknown` is treated as still queued).
    static func receiptStatus(_ value: String) -> DeliveryStatus? {
        switch value.lowercased() {
        case "delivered": .delivered
        case "accepted", "buffered": .sent
        case "expired", "failed", "rejected": .failed
        case "unknown": .queued
        default: nil
        }
    }

    /// `concat-part` of `concat-total`: a concatenated SMS has 1 to 255 parts (the UDH count is one
    /// byte), and the part is one of them; anything else refuses the webhook naming the field.
    static func concatPosition(_ fields: WebhookFields) throws(SwitchboardError) -> (part: Int, total: Int)? {
        let parts = ConcatenatedSMSAssembler.partCounts
        guard
            let total = try InputNumber.integer(
                fields["concat-total"], in: parts, field: "concat-total", expected: "a part count (1 to \(parts.upperBound))"),
            let part = try InputNumber.integer(
                fields["concat-part"], in: 1...total, field: "concat-part", expected: "a part number (1 to concat-total \(total))")
        else { return nil }
        return (Int(part), Int(total))
    }

    static func receipt(messageID: String, fields: WebhookFields, context: DecodeContext) throws(SwitchboardError) -> CanonicalEvent {
        let providerStatus = fields["status"] ?? ""
        let errorCode = fields["err-code"] ?? "0"
        var errors: [ProviderErrorInfo] = []
        if errorCode != "0" { errors.append(ProviderErrorInfo(code: errorCode, title: VonageErrorCode(errorCode).receiptTitle)) }
        var event = CanonicalEvent(
            kind: .status, channel: .sms, provider: .vonage, account: fields["to"].map(SMSAddress.e164) ?? context.account ?? "",
            direction: .outbound, timestamp: try SMSTimestamp.parse(fields["message-timestamp"], field: "message-timestamp"),
            contact: Contact(id: SMSAddress.e164(fields["msisdn"] ?? "")), providerMessageID: messageID, errors: errors,
            metadata: fields["client-ref"], raw: fields.raw)
        if let status = receiptStatus(providerStatus) {
            event.status = status
        } else {
            event.kind = .event
            event.event = EventDetail(type: "unknown_status", attributes: JSONObject([("provider_status", .string(providerStatus))]))
        }
        event.assignID(key: "\(messageID):\(providerStatus):\(errorCode)")
        return event
    }
}
