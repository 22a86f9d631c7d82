import AdapterKit
import SwitchboardCore

/// Decodes Vonage webhooks (providers.md §7): SMS API inbound messages and delivery receipts (GET
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
            return [receipt(messageID: messageID, fields: fields, context: context)]
        }
        return inbound(messageID: messageID, fields: fields, context: context)
    }

    static func inbound(messageID: String, fields: WebhookFields, context: DecodeContext) -> [CanonicalEvent] {
        let contact = Contact(id: SMSAddress.e164(fields["msisdn"] ?? ""))
        let account = fields["to"].map(SMSAddress.e164) ?? context.account ?? ""
        let timestamp = SMSTimestamp.parse(fields["message-timestamp"])
        let text = fields["text"] ?? ""
        if fields["concat"] == "true", let ref = fields["concat-ref"], let part = fields["concat-part"].flatMap(Int.init),
            let total = fields["concat-total"].flatMap(Int.init)
        {
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

    static func receipt(messageID: String, fields: WebhookFields, context: DecodeContext) -> CanonicalEvent {
        let providerStatus = fields["status"] ?? ""
        let errorCode = fields["err-code"] ?? "0"
        var errors: [ProviderErrorInfo] = []
        if errorCode != "0" { errors.append(ProviderErrorInfo(code: errorCode, title: VonageErrorCode(errorCode).receiptTitle)) }
        var event = CanonicalEvent(
            kind: .status, channel: .sms, provider: .vonage, account: fields["to"].map(SMSAddress.e164) ?? context.account ?? "",
            direction: .outbound, timestamp: SMSTimestamp.parse(fields["message-timestamp"]),
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
