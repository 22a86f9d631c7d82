import AdapterKit
import SwitchboardCore

/// Decodes one Telegram `Update` (docs/providers.md §5) into canonical events.
///
/// One webhook delivery carries exactly one Update: `update_id` plus one member naming its kind
/// (`message`, `edited_message`, `callback_query`, `my_chat_member`, ...). Every event keeps the whole
/// Update as `raw` (the item *is* the Update; it is small and `update_id` is Telegram's dedupe key),
/// and every event id is keyed on `update_id` plus the item's own identity (chat id + message id for
/// messages, because Telegram message ids are unique per chat only).
struct TelegramWebhook {
    /// The account used when the connection does not name the bot (documented in README.md).
    static let defaultAccount = "bot"

    /// The bot the update was delivered to (username or id), from the decode context.
    let account: String
    /// `update_id` as text, the first part of every event key.
    let updateID: String
    /// The whole Update, kept as `raw` on every event.
    let update: JSONValue

    /// Parses the body and decodes the Update it holds.
    static func decode(_ body: [UInt8], context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let json: JSONValue
        do {
            json = try JSONParser.parse(body)
        } catch {
            throw .malformed("the body is not valid JSON (\(error))")
        }
        guard let object = json.object else {
            throw .notForProvider("a Telegram webhook body is a JSON object (an Update), got another JSON value")
        }
        guard let updateID = object["update_id"]?.int64 else {
            throw .notForProvider("the body is not a Telegram Update: it has no numeric update_id")
        }
        let account = context.account.flatMap { $0.isEmpty ? nil : $0 } ?? defaultAccount
        let webhook = TelegramWebhook(account: account, updateID: String(updateID), update: json)
        guard let member = object.members.first(where: { $0.key != "update_id" }) else { return [] }
        return try webhook.events(updateKind: member.key, item: member.value)
    }

    /// The events for the Update's one item.
    func events(updateKind: String, item: JSONValue) throws(SwitchboardError) -> [CanonicalEvent] {
        switch updateKind {
        case "message", "channel_post", "business_message":
            return [try message(item, updateKind: updateKind)]
        case "edited_message", "edited_channel_post", "edited_business_message":
            return [try edit(item, updateKind: updateKind)]
        case "deleted_business_messages":
            return deletions(item)
        case "callback_query":
            return [callback(item)]
        case "message_reaction":
            return [try reaction(item)]
        case "message_reaction_count":
            return [try reactionCount(item)]
        case "my_chat_member":
            return [try botMembership(item)]
        case "chat_member":
            return [try memberChange(item)]
        case "chat_join_request":
            return [try joinRequest(item)]
        case "business_connection":
            return [try businessConnection(item)]
        case "inline_query", "chosen_inline_result", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
            "poll_answer", "chat_boost", "removed_chat_boost":
            return [try genericEvent(type: updateKind, updateKind: updateKind, item: item)]
        default:
            return [try genericEvent(type: "telegram_update", updateKind: updateKind, item: item)]
        }
    }

    // MARK: - Building blocks

    /// A new event of `kind` for this Update: channel, provider, account and `raw` filled in.
    func makeEvent(_ kind: EventKind, timestamp: Timestamp?, contact: Contact?) -> CanonicalEvent {
        CanonicalEvent(
            kind: kind, channel: .telegram, provider: .telegram, account: account, timestamp: timestamp, contact: contact,
            raw: update)
    }

    /// Sets the event id from `update_id` plus the item key.
    func identify(_ event: inout CanonicalEvent, _ key: String) {
        event.assignID(key: "\(updateID)/\(key)")
    }

    /// A chat or user id as canonical text: Int64 digits (negative for groups and channels).
    static func id(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let number = value.int64 { return String(number) }
        return value.identifier
    }

    /// `first_name last_name` of a User or private Chat, or a group/channel `title`.
    static func displayName(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let first = value["first_name"]?.string {
            if let last = value["last_name"]?.string, !last.isEmpty { return first + " " + last }
            return first
        }
        return value["title"]?.string
    }

    /// The conversation's contact: the chat id (what a reply is addressed to), with the name and username
    /// of the person who acted (`from`), falling back to the chat's own names. Without a chat (inline
    /// queries, payments) the user's id is used: a user's private chat with the bot has the user's id.
    static func contact(chat: JSONValue?, from: JSONValue?) -> Contact? {
        guard let id = id(chat?["id"]) ?? id(from?["id"]) else { return nil }
        return Contact(
            id: id, name: displayName(from) ?? displayName(chat),
            username: from?["username"]?.string ?? chat?["username"]?.string)
    }

    /// A user as event data: `{id, name?, username?, is_bot?}`.
    static func userJSON(_ user: JSONValue?) -> JSONValue? {
        guard let user, let id = id(user["id"]) else { return nil }
        var object = JSONObject()
        object.set("id", .string(id))
        object.set("name", displayName(user).map(JSONValue.string))
        object.set("username", user["username"]?.string.map(JSONValue.string))
        object.set("is_bot", user["is_bot"]?.bool.map(JSONValue.bool))
        return .object(object)
    }

    /// The scalar members (and arrays of scalars) of an object, in document order: the data of a generic
    /// event. `date` is left out: it is the event's `timestamp`.
    static func scalarMembers(_ item: JSONValue) -> JSONObject {
        var attributes = JSONObject()
        for member in item.object?.members ?? [] where member.key != "date" {
            switch member.value {
            case .string, .number, .bool: attributes.set(member.key, member.value)
            case .array(let items) where items.allSatisfy(\.isScalar): attributes.set(member.key, member.value)
            default: continue
            }
        }
        return attributes
    }
}

extension JSONValue {
    /// Whether this is a string, number or boolean.
    fileprivate var isScalar: Bool {
        switch self {
        case .string, .number, .bool: true
        default: false
        }
    }
}
