import SwitchboardCore

/// Decodes WhatsApp Cloud API webhooks (`object: whatsapp_business_account`) into canonical events.
///
/// Shared by every provider that forwards Meta's own Cloud API shape: the Meta adapter (`.meta`) and
/// the 360dialog adapter (`.dialog360`). It walks every `entry[]` and every `changes[]` item:
/// - `messages` values: `messages[]` (inbound messages, edits, deletes, system notices), `statuses[]`
///   (delivery reports of outbound messages) and value-level `errors[]`;
/// - `smb_message_echoes`: `message_echoes[]` (messages the business sent from the WhatsApp Business app);
/// - every other field (template status, quality, account updates, BSUID changes, marketing
///   preferences, calls, groups, and anything unknown) becomes an `event` with the value's data.
///
/// Nothing is dropped: an item the decoder does not know becomes `unsupported` content or a generic event,
/// and `raw` always keeps the provider's own object for the item.
public enum WhatsAppCloudInbound {
    /// The `object` value of every WhatsApp Cloud API webhook.
    public static let objectName = "whatsapp_business_account"

    /// Decodes one parsed webhook body (`root` is the whole object, `{"object": ..., "entry": [...]}`).
    ///
    /// Throws `not_for_provider` when `object` is not `whatsapp_business_account` or `entry` is not an array.
    public static func decode(_ root: JSONValue, provider: Provider) throws(SwitchboardError) -> [CanonicalEvent] {
        guard root.object != nil else { throw .notForProvider("a WhatsApp webhook body must be a JSON object") }
        guard root["object"]?.string == objectName else {
            let found = root["object"].map { $0.canonicalText } ?? "nothing"
            throw .notForProvider("expected object \"\(objectName)\", found \(found)")
        }
        var events: [CanonicalEvent] = []
        for (entryIndex, entry) in try entries(of: root).enumerated() {
            let entryID = entry["id"]?.identifier ?? ""
            for (changeIndex, change) in (entry["changes"]?.array ?? []).enumerated() {
                let field = change["field"]?.string ?? ""
                let value = change["value"] ?? .null
                let account = value["metadata"]?["phone_number_id"]?.identifier ?? entryID
                let scope = Scope(
                    provider: provider, account: account, value: value, entryTime: entry["time"], entryIndex: entryIndex,
                    changeIndex: changeIndex)
                switch field {
                case "messages":
                    try scope.appendMessagesValue(to: &events)
                case "smb_message_echoes":
                    for (index, item) in (value["message_echoes"]?.array ?? []).enumerated() {
                        events.append(try scope.message(item, echo: true, index: index))
                    }
                    events += try scope.valueErrors()
                default:
                    events += try scope.accountEvents(field: field)
                }
            }
        }
        return events
    }

    /// The `entry[]` array; absent means no entries.
    static func entries(of root: JSONValue) throws(SwitchboardError) -> [JSONValue] {
        guard let entry = root["entry"] else { return [] }
        guard let items = entry.array else { throw .notForProvider("\"entry\" must be an array") }
        return items
    }

    /// What every item of one `changes[].value` shares: provider, account, the value, its contacts.
    struct Scope {
        let provider: Provider
        let account: String
        let value: JSONValue
        let entryTime: JSONValue?
        /// Where the value sits in the body (`entry[entryIndex].changes[changeIndex].value`), for refusals.
        let entryIndex: Int
        let changeIndex: Int

        /// The path of the value in the body, naming a refused field.
        var path: String { "entry[\(entryIndex)].changes[\(changeIndex)].value" }

        /// The entry's `time` (unix seconds), the fallback of items without their own.
        func entryTimestamp() throws(SwitchboardError) -> Timestamp? {
            try Timestamp.unixSeconds(entryTime, field: "entry[\(entryIndex)].time")
        }

        var contacts: [JSONValue] { value["contacts"]?.array ?? [] }

        /// A new event of this scope.
        func event(_ kind: EventKind, raw: JSONValue) -> CanonicalEvent {
            CanonicalEvent(kind: kind, channel: .whatsapp, provider: provider, account: account, raw: raw)
        }

        /// Appends the `messages[]`, `statuses[]` and value-level `errors[]` of a `messages` change to `events`.
        func appendMessagesValue(to events: inout [CanonicalEvent]) throws(SwitchboardError) {
            let before = events.count
            let messages = value["messages"]?.array
            let statuses = value["statuses"]?.array
            for (index, item) in (messages ?? []).enumerated() { events.append(try message(item, echo: false, index: index)) }
            for (index, item) in (statuses ?? []).enumerated() { events.append(try status(item, index: index)) }
            for (index, item) in (value["message_echoes"]?.array ?? []).enumerated() {
                events.append(try message(item, echo: true, index: index))
            }
            events += try valueErrors()
            if events.count == before && messages == nil && statuses == nil && value["errors"] == nil {
                // A `messages` change with none of the known arrays: keep it as a generic event.
                events += try accountEvents(field: "messages")
            }
        }

        /// Value-level `errors[]` (system problems with no message attached) as one `error` event.
        func valueErrors() throws(SwitchboardError) -> [CanonicalEvent] {
            guard let errors = value["errors"]?.array, !errors.isEmpty else { return [] }
            var event = event(.event, raw: value)
            event.errors = WhatsAppCloudInbound.errors(errors)
            event.timestamp = try entryTimestamp()
            event.event = EventDetail(type: "error", attributes: JSONObject([("errors", .array(errors))]))
            event.assignID(key: "errors:", canonicalTextOf: .array(errors))
            return [event]
        }

        /// The contact for a sender or recipient: `wa_id`/`from` when known, else the BSUID.
        func contact(waID: String?, userID: String?) -> Contact? {
            let single: JSONValue? =
                contacts.count == 1 && contacts[0]["wa_id"] == nil && contacts[0]["user_id"] == nil ? contacts[0] : .none
            let profile: JSONValue? =
                contacts.first { candidate in
                    (waID != nil && candidate["wa_id"]?.identifier == waID)
                        || (userID != nil && candidate["user_id"]?.string == userID)
                }
                ?? single
            let phone = waID ?? profile?["wa_id"]?.identifier
            let bsuid = userID ?? profile?["user_id"]?.string
            guard let id = phone ?? bsuid else { return nil }
            let username = profile?["profile"]?["username"]?.string.map(WhatsAppCloudInbound.stripAt)
            return Contact(
                id: id, name: profile?["profile"]?["name"]?.string, username: username,
                phone: phone != nil && phone != id ? phone : nil)
        }
    }

    /// Provider errors (`{code, title, message, error_data{details}}`, or the legacy `details`) as canonical errors.
    static func errors(_ items: [JSONValue]) -> [ProviderErrorInfo] {
        items.map { item in
            let detail = item["error_data"]?["details"]?.string ?? item["details"]?.string ?? item["message"]?.string
            return ProviderErrorInfo(
                code: item["code"]?.identifier ?? "unknown", title: item["title"]?.string ?? item["message"]?.string,
                detail: detail)
        }
    }

    /// `@name` → `name` (usernames are stored without the sigil on every channel).
    static func stripAt(_ name: String) -> String { name.hasPrefix("@") ? String(name.dropFirst()) : name }
}
