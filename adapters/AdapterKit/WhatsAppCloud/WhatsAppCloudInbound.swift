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
        for entry in try entries(of: root) {
            let entryID = entry["id"]?.identifier ?? ""
            for change in entry["changes"]?.array ?? [] {
                let field = change["field"]?.string ?? ""
                let value = change["value"] ?? .null
                let account = value["metadata"]?["phone_number_id"]?.identifier ?? entryID
                let scope = Scope(provider: provider, account: account, value: value, entryTime: entry["time"])
                switch field {
                case "messages":
                    scope.appendMessagesValue(to: &events)
                case "smb_message_echoes":
                    for item in value["message_echoes"]?.array ?? [] { events.append(scope.message(item, echo: true)) }
                    events += scope.valueErrors()
                default:
                    events += scope.accountEvents(field: field)
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

        var contacts: [JSONValue] { value["contacts"]?.array ?? [] }

        /// A new event of this scope.
        func event(_ kind: EventKind, raw: JSONValue) -> CanonicalEvent {
            CanonicalEvent(kind: kind, channel: .whatsapp, provider: provider, account: account, raw: raw)
        }

        /// Appends the `messages[]`, `statuses[]` and value-level `errors[]` of a `messages` change to `events`.
        func appendMessagesValue(to events: inout [CanonicalEvent]) {
            let before = events.count
            let messages = value["messages"]?.array
            let statuses = value["statuses"]?.array
            for item in messages ?? [] { events.append(message(item, echo: false)) }
            for item in statuses ?? [] { events.append(status(item)) }
            for item in value["message_echoes"]?.array ?? [] { events.append(message(item, echo: true)) }
            events += valueErrors()
            if events.count == before && messages == nil && statuses == nil && value["errors"] == nil {
                // A `messages` change with none of the known arrays: keep it as a generic event.
                events += accountEvents(field: "messages")
            }
        }

        /// Value-level `errors[]` (system problems with no message attached) as one `error` event.
        func valueErrors() -> [CanonicalEvent] {
            guard let errors = value["errors"]?.array, !errors.isEmpty else { return [] }
            var event = event(.event, raw: value)
            event.errors = WhatsAppCloudInbound.errors(errors)
            event.timestamp = Timestamp.unixSeconds(entryTime)
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
