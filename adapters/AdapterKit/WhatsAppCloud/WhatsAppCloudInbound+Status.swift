import SwitchboardCore

extension WhatsAppCloudInbound.Scope {
    /// One `statuses[]` element: the delivery state of a message the business sent.
    ///
    /// The id key is the wamid plus the state, so `sent`, `delivered` and `read` of one message are
    /// three events. A state this build does not know (for example `in_orbit`) becomes an
    /// `unknown_status` event rather than being dropped.
    func status(_ item: JSONValue, index: Int) throws(SwitchboardError) -> CanonicalEvent {
        let state = item["status"]?.string ?? ""
        var event = event(.status, raw: item)
        event.direction = .outbound
        event.providerMessageID = item["id"]?.identifier
        event.timestamp = try Timestamp.unixSeconds(item["timestamp"], field: "\(path).statuses[\(index)].timestamp")
        if item["recipient_type"]?.string == "group" {
            event.group = item["recipient_id"]?.identifier
            event.contact = contact(
                waID: item["recipient_participant_id"]?.identifier, userID: item["recipient_participant_user_id"]?.string)
        } else {
            event.contact = contact(waID: item["recipient_id"]?.identifier, userID: item["recipient_user_id"]?.string)
        }
        if let errors = item["errors"]?.array { event.errors = WhatsAppCloudInbound.errors(errors) }
        if let pricing = item["pricing"] {
            event.pricing = Pricing(
                category: pricing["category"]?.string, type: pricing["type"]?.string, billable: pricing["billable"]?.bool,
                model: pricing["pricing_model"]?.string)
        }
        event.metadata = item["biz_opaque_callback_data"]?.string
        if let status = DeliveryStatus(rawValue: state) {
            event.status = status
        } else {
            event.kind = .event
            event.event = EventDetail(type: "unknown_status", attributes: JSONObject([("status", .string(state))]))
        }
        if let id = item["id"]?.identifier {
            event.assignID(key: id + ":" + state)
        } else {
            event.assignID(key: "", canonicalTextOf: item, suffix: ":" + state)
        }
        return event
    }

    /// Any change that is not `messages` / `smb_message_echoes`: one `event` per item of the value's
    /// item array (`user_preferences[]`, `user_id_update[]`, `calls[]`, `groups[]`, ...), or one `event`
    /// for the whole value. The event's attributes are the item's own members.
    func accountEvents(field: String) throws(SwitchboardError) -> [CanonicalEvent] {
        let itemKeys = [field, "groups", "calls", "user_preferences", "user_id_update"]
        if let key = itemKeys.first(where: { value[$0]?.array?.first?.object != nil }), let items = value[key]?.array {
            var events: [CanonicalEvent] = []
            events.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                events.append(try accountEvent(field: field, item: item, path: "\(path).\(key)[\(index)]"))
            }
            return events
        }
        return [try accountEvent(field: field, item: value, path: path)]
    }

    private func accountEvent(field: String, item: JSONValue, path: @autoclosure () -> String) throws(SwitchboardError) -> CanonicalEvent {
        var event = event(.event, raw: item)
        var attributes = JSONObject()
        for member in item.object?.members ?? [] where member.key != "messaging_product" && member.key != "metadata" {
            attributes.set(member.key == "type" ? "provider_type" : member.key, member.value)
        }
        attributes.set("field", .string(field))
        event.event = EventDetail(type: WhatsAppCloudInbound.eventType(field: field, item: item), attributes: attributes)
        if let own = try Timestamp.unixSeconds(item["timestamp"], field: path() + ".timestamp") {
            event.timestamp = own
        } else {
            event.timestamp = try entryTimestamp()
        }
        event.group = item["group_id"]?.identifier
        let from = item["wa_id"]?.identifier ?? item["from"]?.identifier
        if from != nil || item["user_id"]?.string != nil {
            event.contact = contact(waID: from, userID: item["user_id"]?.string)
        }
        event.assignID(key: field + ":", canonicalTextOf: item)
        return event
    }
}

extension WhatsAppCloudInbound {
    /// A meaningful event type for an account-level change.
    static func eventType(field: String, item: JSONValue) -> String {
        switch field {
        case "message_template_status_update": return "template_status"
        case "message_template_quality_update": return "template_quality"
        case "template_category_update": return "template_category"
        case "phone_number_quality_update": return "quality_update"
        case "phone_number_name_update": return "display_name_update"
        case "account_review_update": return "account_review"
        case "account_alerts": return "account_alert"
        case "business_capability_update": return "capability_update"
        case "calls": return "call"
        case "user_preferences":
            // Marketing-message preferences: `stop` is an opt-out, `resume` / `signup` an opt-in.
            switch item["value"]?.string?.lowercased() {
            case "stop": return "opt_out"
            case "resume", "signup": return "opt_in"
            default: return "user_preferences"
            }
        default:
            if field.hasPrefix("group"), let type = item["type"]?.string { return type }
            return field.isEmpty ? "unknown" : field
        }
    }
}
