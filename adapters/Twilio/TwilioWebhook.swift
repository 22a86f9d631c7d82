import AdapterKit
import SwitchboardCore

/// Decodes Twilio Programmable Messaging webhooks (docs/providers.md §6): inbound SMS, MMS and
/// WhatsApp-through-Twilio messages, and status callbacks. Form bodies, or the query of a GET.
enum TwilioWebhook {
    static func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let fields = try WebhookFields(request: request)
        guard fields.source != .json else {
            throw .notForProvider("Twilio messaging webhooks are form-encoded; this body is JSON")
        }
        guard let sid = fields["MessageSid", "SmsMessageSid", "SmsSid"] else {
            throw .notForProvider("no MessageSid: not a Twilio messaging webhook")
        }
        let messageStatus = fields["MessageStatus"]?.lowercased()
        let smsStatus = fields["SmsStatus"]?.lowercased()
        let inboundStates: Set<String> = ["received", "receiving"]
        if let messageStatus, !inboundStates.contains(messageStatus) {
            return status(sid: sid, providerStatus: messageStatus, fields: fields, context: context)
        }
        let looksInbound = fields.has("Body") || fields.has("NumMedia") || smsStatus.map(inboundStates.contains) == true
        if !looksInbound, let smsStatus {
            return status(sid: sid, providerStatus: smsStatus, fields: fields, context: context)
        }
        guard fields["From"] != nil, fields["To"] != nil else {
            throw .notForProvider("a Twilio message webhook needs From and To")
        }
        return try message(sid: sid, fields: fields, context: context)
    }

    /// A Twilio address: `whatsapp:+1...` / `messenger:...` name their channel; plain numbers are SMS.
    static func address(_ value: String) -> (channel: Channel?, id: String) {
        if let colon = value.firstIndex(of: ":") {
            let prefix = value[..<colon].lowercased()
            let rest = String(value[value.index(after: colon)...])
            switch prefix {
            case "whatsapp": return (.whatsapp, SMSAddress.e164(rest))
            case "messenger": return (.messenger, rest)
            default: break
            }
        }
        return (nil, SMSAddress.e164(value))
    }

    static func message(sid: String, fields: WebhookFields, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let from = address(fields["From"] ?? "")
        let to = address(fields["To"] ?? "")
        let channel = from.channel ?? to.channel ?? context.channel ?? .sms
        var contact = Contact(id: from.id, name: fields["ProfileName"])
        if let waID = fields["WaId"], !contact.id.hasPrefix("+") { contact.phone = SMSAddress.e164(waID) }
        var event = CanonicalEvent(
            kind: .message, channel: channel, provider: .twilio, account: to.id, direction: .inbound, contact: contact,
            providerMessageID: sid, replyTo: fields["OriginalRepliedMessageSid"], content: try content(fields),
            raw: fields.raw)
        if fields["ReferralCtwaClid"] != nil || fields["ReferralSourceId"] != nil {
            event.referral = Referral(
                sourceType: fields["ReferralSourceType"] ?? "ad", sourceID: fields["ReferralSourceId"],
                sourceURL: fields["ReferralSourceUrl"], headline: fields["ReferralHeadline"], ctwaClid: fields["ReferralCtwaClid"])
        }
        event.assignID(key: sid)
        var events = [event]
        if channel == .sms, event.content?.type == .text, let keyword = SMSKeyword.event(beside: event) { events.append(keyword) }
        return events
    }

    /// The most media one Twilio message carries (`MediaUrl0` to `MediaUrl9`).
    static let maxMedia: Int64 = 10

    /// The message content. `NumMedia` must be 0 to ``maxMedia`` (it sizes the loop over `MediaUrl<n>`),
    /// and `Latitude` / `Longitude` real coordinates; anything else refuses the webhook naming the field.
    static func content(_ fields: WebhookFields) throws(SwitchboardError) -> MessageContent {
        let body = fields["Body"]
        let mediaCount =
            try InputNumber.integer(
                fields["NumMedia"], in: 0...maxMedia, field: "NumMedia", expected: "a media count (0 to \(maxMedia))") ?? 0
        if mediaCount > 0 {
            var attachments: [Attachment] = []
            for index in 0..<mediaCount {
                guard let url = fields["MediaUrl\(index)"] else { continue }
                let mime = fields["MediaContentType\(index)"]
                attachments.append(Attachment(kind: SMSMedia.kind(forMIME: mime), mimeType: mime, url: url))
            }
            if !attachments.isEmpty { return MessageContent(type: .media, text: body, attachments: attachments) }
        }
        if let latitude = try InputNumber.latitude(fields["Latitude"], field: "Latitude"),
            let longitude = try InputNumber.longitude(fields["Longitude"], field: "Longitude")
        {
            let location = Location(latitude: latitude, longitude: longitude, name: fields["Label"], address: fields["Address"])
            return MessageContent(type: .location, location: location)
        }
        if let payload = fields["ButtonPayload"] {
            let reply = InteractiveReply(kind: .button, id: payload, title: fields["ButtonText"] ?? body, payload: payload)
            return MessageContent(type: .interactiveReply, reply: reply)
        }
        if let listID = fields["ListId"] {
            let reply = InteractiveReply(kind: .list, id: listID, title: fields["ListTitle"] ?? body)
            return MessageContent(type: .interactiveReply, reply: reply)
        }
        return .text(body ?? "")
    }

    /// Twilio `MessageStatus` → canonical status; `nil` for values Switchboard does not know.
    static func canonicalStatus(_ value: String) -> DeliveryStatus? {
        switch value {
        case "queued", "accepted", "scheduled", "sending": .queued
        case "sent": .sent
        case "delivered", "partially_delivered": .delivered
        case "read": .read
        case "failed", "undelivered", "canceled": .failed
        default: nil
        }
    }

    static func status(sid: String, providerStatus: String, fields: WebhookFields, context: DecodeContext) -> [CanonicalEvent] {
        let from = address(fields["From"] ?? "")
        let to = address(fields["To"] ?? "")
        let channel = from.channel ?? to.channel ?? context.channel ?? .sms
        let account = fields["From"] == nil ? (context.account ?? "") : from.id
        let contact = fields["To"].map { _ in Contact(id: to.id) }
        var errors: [ProviderErrorInfo] = []
        if let code = fields["ErrorCode"], code != "0" {
            errors.append(ProviderErrorInfo(code: code, title: TwilioErrorCode(code).title, detail: fields["ErrorMessage"]))
        }
        var event = CanonicalEvent(
            kind: .status, channel: channel, provider: .twilio, account: account, direction: .outbound, contact: contact,
            providerMessageID: sid, errors: errors, raw: fields.raw)
        if let status = canonicalStatus(providerStatus) {
            event.status = status
        } else {
            event.kind = .event
            event.event = EventDetail(type: "unknown_status", attributes: JSONObject([("provider_status", .string(providerStatus))]))
        }
        event.assignID(key: "\(sid):\(providerStatus):\(fields["ErrorCode"] ?? "")")
        var events = [event]
        if errors.contains(where: { $0.code == TwilioErrorCode.unsubscribed.rawValue }) {
            var optOut = event
            optOut.kind = .event
            optOut.status = nil
            optOut.event = EventDetail(
                type: SMSKeyword.optOut.eventType, attributes: JSONObject([("reason", "provider_error"), ("error_code", "21610")]))
            optOut.assignID(key: "\(sid):opt_out")
            events.append(optOut)
        }
        return events
    }
}
