import SwitchboardCore

/// `GET /v1/conversations/{conversation}`: the state as JSON, with the customer-service window.
extension ConversationState {
    /// The 24 h customer-service window (WhatsApp, Messenger, Instagram) after the last inbound message.
    static let serviceWindowMilliseconds: Int64 = 24 * 3_600_000
    /// The free entry point after a click-to-message ad, when the business replied within 24 h.
    static let entryPointMilliseconds: Int64 = 72 * 3_600_000

    /// The canonical JSON of the state at `now`.
    func apiJSON(now: Timestamp) -> JSONValue {
        var object = JSONObject()
        object.set("conversation", .string(conversation))
        object.set("channel", .string(channel.rawValue))
        object.set("account", .string(account))
        object.set("contact", .string(contact))
        object.set("last_inbound_at", lastInboundAt.map { .string($0.rfc3339) })
        object.set("last_outbound_at", lastOutboundAt.map { .string($0.rfc3339) })
        var window = JSONObject()
        if let lastInboundAt {
            let closes = Timestamp(
                milliseconds: lastInboundAt.milliseconds + Self.serviceWindowMilliseconds, hasMilliseconds: lastInboundAt.hasMilliseconds)
            window.set("open", .bool(now < closes))
            window.set("closes_at", .string(closes.rfc3339))
        } else {
            window.set("open", .bool(false))
        }
        object.set("window", .object(window))
        if let referralAt {
            var referral = JSONObject()
            referral.set("at", .string(referralAt.rfc3339))
            referral.set("source_type", referralSource.map(JSONValue.string))
            if let entryPointOpenedAt {
                let closes = Timestamp(milliseconds: entryPointOpenedAt.milliseconds + Self.entryPointMilliseconds)
                referral.set("entry_point_opened_at", .string(entryPointOpenedAt.rfc3339))
                referral.set("entry_point_closes_at", .string(closes.rfc3339))
                referral.set("entry_point_open", .bool(now < closes))
            }
            object.set("referral", .object(referral))
        }
        object.set("opted_out", .bool(optedOut))
        object.set("opted_out_at", optedOutAt.map { .string($0.rfc3339) })
        object.set("consent_at", consentAt.map { .string($0.rfc3339) })
        object.set("blocked", .bool(blocked))
        if channel == .telegram { object.set("started", .bool(started)) }
        if !attachmentBytesByMonth.isEmpty {
            var bytes = JSONObject()
            for key in attachmentBytesByMonth.keys.sorted() { bytes.set(key, .int(attachmentBytesByMonth[key] ?? 0)) }
            object.set("attachment_bytes_by_month", .object(bytes))
        }
        if !comments.isEmpty {
            var times = JSONObject()
            for key in comments.keys.sorted() { times.set(key, comments[key].map { .string($0.rfc3339) }) }
            object.set("comments", .object(times))
        }
        return .object(object)
    }
}
