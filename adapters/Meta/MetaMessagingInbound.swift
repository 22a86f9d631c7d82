import AdapterKit
import SwitchboardCore

/// Decodes `object: page` (Messenger) and `object: instagram` webhooks.
///
/// Every `entry[]` is walked, and in each every `messaging[]`, `standby[]` and `changes[]` item.
/// `messaging[]`/`standby[]` items share the Messenger event shape on both channels (sender,
/// recipient, timestamp in ms, and one of `message`, `postback`, `reaction`, `delivery`, `read`, ...);
/// `changes[]` items are Instagram comments and mentions, or Page feed changes.
///
/// Items from `standby[]` (another app owns the thread under the handover protocol) keep their kind
/// and are marked: `event: {type: "standby"}` on messages and statuses, `standby: true` in the event
/// attributes of `event`s.
enum MetaMessagingInbound {
    static func decode(_ root: JSONValue, channel: Channel) throws(SwitchboardError) -> [CanonicalEvent] {
        guard let entry = root["entry"] else { return [] }
        guard let entries = entry.array else { throw .notForProvider("\"entry\" must be an array") }
        var events: [CanonicalEvent] = []
        for (entryIndex, entry) in entries.enumerated() {
            let account = entry["id"]?.identifier ?? ""
            for (index, item) in (entry["messaging"]?.array ?? []).enumerated() {
                try MetaMessagingScope(channel: channel, account: account, item: item, standby: false, entryIndex: entryIndex, index: index)
                    .appendEvents(to: &events)
            }
            for (index, item) in (entry["standby"]?.array ?? []).enumerated() {
                try MetaMessagingScope(channel: channel, account: account, item: item, standby: true, entryIndex: entryIndex, index: index)
                    .appendEvents(to: &events)
            }
            for (index, change) in (entry["changes"]?.array ?? []).enumerated() {
                let scope = try MetaChangeScope(
                    channel: channel, account: account, change: change, entryTime: entry["time"], entryIndex: entryIndex, changeIndex: index
                )
                events += channel == .instagram ? scope.instagramEvents() : scope.pageEvents()
            }
        }
        return events
    }
}

/// One `messaging[]` / `standby[]` item and what every event built from it shares.
struct MetaMessagingScope {
    let channel: Channel
    let account: String
    let item: JSONValue
    let standby: Bool
    /// `timestamp` (unix milliseconds), read once.
    let timestamp: Timestamp?
    /// The item's place in the body: `entry[entryIndex].messaging[index]` (or `standby[index]`).
    let entryIndex: Int
    let index: Int

    /// The item's place in the body, naming a refused field.
    var path: String { "entry[\(entryIndex)].\(standby ? "standby" : "messaging")[\(index)]" }

    /// The scope of one item; refuses an impossible `timestamp`.
    init(channel: Channel, account: String, item: JSONValue, standby: Bool, entryIndex: Int, index: Int) throws(SwitchboardError) {
        self.channel = channel
        self.account = account
        self.item = item
        self.standby = standby
        self.entryIndex = entryIndex
        self.index = index
        timestamp = try Timestamp.unixMilliseconds(
            item["timestamp"], field: "entry[\(entryIndex)].\(standby ? "standby" : "messaging")[\(index)].timestamp")
    }

    /// The person: `sender.id` (PSID / IGSID, string or number) or, for chat-plugin guests, `sender.user_ref`.
    var sender: String? { item["sender"]?["id"]?.identifier ?? item["sender"]?["user_ref"]?.identifier }
    var recipient: String? { item["recipient"]?["id"]?.identifier }

    /// A new event with the envelope filled in; `contact` is the sender unless given.
    func event(_ kind: EventKind) -> CanonicalEvent {
        CanonicalEvent(
            kind: kind, channel: channel, provider: .meta, account: account, timestamp: timestamp,
            contact: sender.map { Contact(id: $0) }, raw: item)
    }

    /// Marks standby items, then assigns the id (`key`).
    func finish(_ event: consuming CanonicalEvent, key: String) -> CanonicalEvent {
        markStandby(&event)
        event.assignID(key: key)
        return event
    }

    /// Marks standby items, then assigns the id: `key` when there is one, else the composite key
    /// `prefix:` + the item's canonical text (deterministic, and distinct for distinct items), hashed
    /// as it is written.
    func finish(_ event: consuming CanonicalEvent, key: String?, composite prefix: String) -> CanonicalEvent {
        markStandby(&event)
        if let key {
            event.assignID(key: key)
        } else {
            event.assignID(key: prefix + ":", canonicalTextOf: item)
        }
        return event
    }

    private func markStandby(_ event: inout CanonicalEvent) {
        guard standby else { return }
        if event.event != nil {
            event.event?.attributes["standby"] = .bool(true)
        } else {
            event.event = EventDetail(type: "standby")
        }
    }

    /// Appends the events of this item to `events` (built in place: no array per item, no copy).
    func appendEvents(to events: inout [CanonicalEvent]) throws(SwitchboardError) {
        if let message = item["message"] { events.append(try self.message(message)); return }
        if let edit = item["message_edit"] { events.append(self.edit(edit)); return }
        if let postback = item["postback"] { events.append(self.postback(postback)); return }
        if let reaction = item["reaction"] { events.append(self.reaction(reaction)); return }
        if let delivery = item["delivery"] { events += try self.delivery(delivery); return }
        if let read = item["read"] { events += try self.read(read); return }
        for handover in ["pass_thread_control", "take_thread_control", "request_thread_control"] {
            if let value = item[handover] {
                let event = genericEvent(type: "handover", value: value, extra: JSONObject([("action", .string(handover))]))
                events.append(finish(event, key: nil, composite: handover))
                return
            }
        }
        if let optin = item["optin"] { events.append(self.optin(optin)); return }
        if let referral = item["referral"] {
            var event = genericEvent(type: "referral", value: referral)
            event.referral = MetaMessagingScope.referral(referral)
            events.append(finish(event, key: nil, composite: "referral"))
            return
        }
        if let linking = item["account_linking"] {
            events.append(finish(genericEvent(type: "account_linking", value: linking), key: nil, composite: "account_linking"))
            return
        }
        if let policy = item["policy-enforcement"] ?? item["policy_enforcement"] {
            events.append(finish(genericEvent(type: "policy_enforcement", value: policy), key: nil, composite: "policy_enforcement"))
            return
        }
        // Anything else (app_roles, game plays, feedback, future events): a generic event named after the key.
        let known: Set<String> = ["sender", "recipient", "timestamp"]
        let key = item.object?.keys.first { !known.contains($0) }
        let type = key ?? "unknown"
        events.append(finish(genericEvent(type: type, value: key.flatMap { item[$0] } ?? item), key: nil, composite: type))
    }

    /// An `event` (id not yet assigned) whose attributes are `value`'s members (or `{value: ...}` for a non-object).
    func genericEvent(type: String, value: JSONValue, extra: JSONObject = JSONObject()) -> CanonicalEvent {
        var attributes = JSONObject()
        if let object = value.object {
            for member in object.members { attributes.set(member.key == "type" ? "provider_type" : member.key, member.value) }
        } else {
            attributes.set("value", value)
        }
        for member in extra.members { attributes.set(member.key, member.value) }
        var event = event(.event)
        event.event = EventDetail(type: type, attributes: attributes)
        return event
    }

    /// `postback{title, payload, mid?, referral?}`: a button, menu or get-started tap.
    func postback(_ postback: JSONValue) -> CanonicalEvent {
        var event = event(.message)
        let title = postback["title"]?.string
        let reply = InteractiveReply(
            kind: .postback, title: title?.isEmpty == true ? nil : title, payload: postback["payload"]?.string)
        event.content = MessageContent(type: .interactiveReply, reply: reply)
        event.providerMessageID = postback["mid"]?.identifier
        event.referral = postback["referral"].map(MetaMessagingScope.referral)
        return finish(event, key: event.providerMessageID.map { "postback:" + $0 }, composite: "postback")
    }

    /// `reaction{mid, action: react | unreact, emoji?}`; an unreact has `emoji == ""`.
    func reaction(_ reaction: JSONValue) -> CanonicalEvent {
        var event = event(.message)
        let removed = reaction["action"]?.string == "unreact"
        let emoji = removed ? "" : reaction["emoji"]?.string ?? ""
        event.content = MessageContent(type: .reaction, reaction: Reaction(emoji: emoji, target: reaction["mid"]?.identifier ?? ""))
        return finish(event, key: nil, composite: "reaction")
    }

    /// `message_edit{mid, text, num_edit}`.
    func edit(_ edit: JSONValue) -> CanonicalEvent {
        var event = event(.edit)
        let mid = edit["mid"]?.identifier
        event.target = mid
        event.providerMessageID = mid
        event.content = .text(edit["text"]?.string ?? "")
        let version = edit["num_edit"]?.identifier ?? item["timestamp"]?.identifier ?? ""
        return finish(event, key: mid.map { "\($0):edit:\(version)" }, composite: "edit")
    }

    /// `delivery{mids?, watermark}`: one `delivered` status per mid, or one watermark status.
    func delivery(_ delivery: JSONValue) throws(SwitchboardError) -> [CanonicalEvent] {
        let watermark = try Timestamp.unixMilliseconds(delivery["watermark"], field: path + ".delivery.watermark")
        var base = event(.status)
        base.direction = .outbound
        base.status = .delivered
        base.watermark = watermark
        if base.timestamp == nil { base.timestamp = watermark }
        let mids = (delivery["mids"]?.array ?? []).compactMap(\.identifier)
        if mids.isEmpty {
            let key = "delivered:watermark:\(sender ?? ""):\(delivery["watermark"]?.identifier ?? "")"
            return [finish(base, key: key)]
        }
        return mids.map { mid in
            var event = base
            event.providerMessageID = mid
            return finish(event, key: mid + ":delivered")
        }
    }

    /// `read{watermark}` (Messenger) or `read{mid}` (Instagram): a `read` status.
    func read(_ read: JSONValue) throws(SwitchboardError) -> [CanonicalEvent] {
        var event = event(.status)
        event.direction = .outbound
        event.status = .read
        if let mid = read["mid"]?.identifier {
            event.providerMessageID = mid
            return [finish(event, key: mid + ":read")]
        }
        event.watermark = try Timestamp.unixMilliseconds(read["watermark"], field: path + ".read.watermark")
        if event.timestamp == nil { event.timestamp = event.watermark }
        return [finish(event, key: "read:watermark:\(sender ?? ""):\(read["watermark"]?.identifier ?? "")")]
    }

    /// `optin{ref?, user_ref?, type?, notification_messages_token?, notification_messages_status?}`.
    func optin(_ optin: JSONValue) -> CanonicalEvent {
        let stopped = optin["notification_messages_status"]?.string == "STOP_NOTIFICATIONS"
        var event = genericEvent(type: stopped ? "opt_out" : "opt_in", value: optin)
        if event.contact == nil, let userRef = optin["user_ref"]?.identifier { event.contact = Contact(id: userRef) }
        return finish(event, key: nil, composite: "optin")
    }

    /// A Messenger / Instagram `referral{ref?, source, type, ad_id?, referer_uri?, ads_context_data?}`.
    static func referral(_ referral: JSONValue) -> Referral {
        Referral(
            sourceType: referral["source"]?.string?.lowercased() ?? referral["type"]?.string?.lowercased() ?? "unknown",
            sourceID: referral["ad_id"]?.identifier, sourceURL: referral["referer_uri"]?.string ?? referral["source_url"]?.string,
            headline: referral["ads_context_data"]?["ad_title"]?.string, ctwaClid: referral["ctwa_clid"]?.string,
            ref: referral["ref"]?.string)
    }
}
