import AdapterKit
import SwitchboardCore

/// One `changes[]` item of an `instagram` or `page` webhook (comments, mentions, feed changes).
///
/// - Instagram `comments` / `live_comments`: a `message` with `content.type: comment`,
///   `comment: {id, post_id: media.id, parent_id?}` and the contact `from.id` / `from.username`.
/// - Instagram `mentions`: a `mention` event (`comment_id`, `media_id`).
/// - Page `feed` comments (`item: comment`): `add` → a comment message, `edited` → an `edit`,
///   `remove` → a `delete` of the comment.
/// - Anything else (`story_insights`, unknown fields): an `event` named after the field, with the value's members.
struct MetaChangeScope {
    let channel: Channel
    let account: String
    let change: JSONValue
    /// The change's time: the value's own `timestamp` / `created_time`, else the entry's `time`.
    let timestamp: Timestamp?

    var field: String { change["field"]?.string ?? "unknown" }
    var value: JSONValue { change["value"] ?? .null }

    /// The scope of `entry[entryIndex].changes[changeIndex]`; refuses an impossible time, naming it.
    init(
        channel: Channel, account: String, change: JSONValue, entryTime: JSONValue?, entryIndex: Int, changeIndex: Int
    ) throws(SwitchboardError) {
        self.channel = channel
        self.account = account
        self.change = change
        let value = change["value"] ?? .null
        let ownKey = value["timestamp"] != nil ? "timestamp" : "created_time"
        let own = try Self.time(value[ownKey], field: "entry[\(entryIndex)].changes[\(changeIndex)].value.\(ownKey)")
        if let own {
            timestamp = own
        } else {
            timestamp = try Self.time(entryTime, field: "entry[\(entryIndex)].time")
        }
    }

    /// `entry.time` of change webhooks is in seconds (milliseconds on some Messenger entries: both are
    /// accepted, told apart by magnitude: anything past 1e11 is milliseconds); a value's own time may
    /// also be ISO 8601 text. `nil` when absent or text that is not a time (the entry's time is used then);
    /// a number that is no time (negative, past 9999) is refused, naming the field.
    static func time(_ value: JSONValue?, field: @autoclosure () -> String) throws(SwitchboardError) -> Timestamp? {
        guard let value else { return nil }
        guard InputNumber.isNumeric(value) else { return value.string.flatMap(Timestamp.iso8601) }
        if let number = value.int64 {
            if number > 100_000_000_000, let stamp = Timestamp(unixMilliseconds: number) { return stamp }
            if let stamp = Timestamp(unixSeconds: number) { return stamp }
        }
        throw .impossibleValue(
            field(), value, expected: "a time (unix seconds or milliseconds from 0, up to 9999-12-31T23:59:59Z)")
    }

    func event(_ kind: EventKind) -> CanonicalEvent {
        CanonicalEvent(kind: kind, channel: channel, provider: .meta, account: account, timestamp: timestamp, raw: value)
    }

    func instagramEvents() -> [CanonicalEvent] {
        switch field {
        case "comments", "live_comments":
            guard let id = value["id"]?.identifier else { break }
            var event = event(.message)
            event.providerMessageID = id
            if let from = value["from"]?["id"]?.identifier {
                event.contact = Contact(id: from, username: value["from"]?["username"]?.string)
                markOwn(&event, from: from)
            }
            event.replyTo = value["parent_id"]?.identifier
            let comment = CommentReference(id: id, postID: value["media"]?["id"]?.identifier, parentID: value["parent_id"]?.identifier)
            event.content = MessageContent(type: .comment, text: value["text"]?.string, comment: comment)
            event.assignID(key: "comment:" + id)
            return [event]
        case "mentions":
            return [generic(type: "mention")]
        default:
            break
        }
        return [generic(type: field)]
    }

    func pageEvents() -> [CanonicalEvent] {
        guard field == "feed", value["item"]?.string == "comment", let id = value["comment_id"]?.identifier else {
            return [generic(type: field)]
        }
        let verb = value["verb"]?.string ?? "add"
        let kind: EventKind =
            switch verb {
            case "add": .message
            case "edited": .edit
            case "remove", "hide": .delete
            default: .event
            }
        guard kind != .event else { return [generic(type: field)] }
        var event = event(kind)
        if let from = value["from"]?["id"]?.identifier ?? value["sender_id"]?.identifier {
            event.contact = Contact(id: from, name: value["from"]?["name"]?.string ?? value["sender_name"]?.string)
            markOwn(&event, from: from)
        }
        let parent = value["parent_id"]?.identifier
        let post = value["post_id"]?.identifier
        let comment = CommentReference(id: id, postID: post, parentID: parent == post ? nil : parent)
        if kind == .delete {
            event.target = id
        } else {
            event.providerMessageID = id
            event.replyTo = comment.parentID
            if kind == .edit { event.target = id }
            event.content = MessageContent(type: .comment, text: value["message"]?.string, comment: comment)
        }
        event.assignID(key: "comment:\(id):\(verb):" + (value["created_time"]?.identifier ?? ""))
        return [event]
    }

    /// A comment written by the account itself (a reply from the Page / Instagram account) is an echo.
    func markOwn(_ event: inout CanonicalEvent, from: String) {
        guard from == account else { return }
        event.direction = .outbound
        event.echo = true
    }

    /// An event named `type` whose attributes are the value's members plus `field`.
    func generic(type: String) -> CanonicalEvent {
        var event = event(.event)
        var attributes = JSONObject()
        if let object = value.object {
            for member in object.members { attributes.set(member.key == "type" ? "provider_type" : member.key, member.value) }
        } else {
            attributes.set("value", value)
        }
        attributes.set("field", .string(field))
        event.event = EventDetail(type: type, attributes: attributes)
        event.assignID(key: field + ":", canonicalTextOf: value)
        return event
    }
}
