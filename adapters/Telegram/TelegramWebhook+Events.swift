import SwitchboardCore

/// Reactions, membership changes and the update kinds that become `event`s.
extension TelegramWebhook {
    /// `message_reaction`: one `reaction` message per update. Telegram lets a user keep several reactions
    /// on a message; the canonical model holds one, so `emoji` is the reaction the user just added (an
    /// emoji before a custom one), else the one still shown when some were taken back, else `""` when
    /// none are left (removed). Custom emoji read `custom_emoji:<id>`, paid (star) reactions `paid`.
    func reaction(_ item: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        let old = Self.reactionLabels(item["old_reaction"])
        let new = Self.reactionLabels(item["new_reaction"])
        let added = new.filter { !old.contains($0) }
        let emoji = added.first(where: Self.isPlainEmoji) ?? added.first ?? new.last(where: Self.isPlainEmoji) ?? new.last ?? ""
        let messageID = item["message_id"]?.identifier ?? ""
        let actor = item["user"] ?? item["actor_chat"]
        var event = makeEvent(
            .message, timestamp: try Timestamp.unixSeconds(item["date"], field: "message_reaction.date"),
            contact: Self.contact(chat: item["chat"], from: actor))
        event.content = MessageContent(type: .reaction, reaction: Reaction(emoji: emoji, target: messageID))
        identify(&event, "message_reaction/\(Self.id(item["chat"]?["id"]) ?? "")/\(messageID)/\(Self.id(actor?["id"]) ?? "")")
        return event
    }

    /// `message_reaction_count` (anonymous reactions in groups and channels): event `reaction_count`
    /// with `target` and `reactions: [{emoji, count}]`.
    func reactionCount(_ item: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        let messageID = item["message_id"]?.identifier ?? ""
        var counts: [JSONValue] = []
        for (index, entry) in (item["reactions"]?.array ?? []).enumerated() {
            guard let label = Self.reactionLabel(entry["type"]) else { continue }
            let count = try InputNumber.count(entry["total_count"], field: "message_reaction_count.reactions[\(index)].total_count")
            counts.append(["emoji": .string(label), "count": .int(count ?? 0)])
        }
        var event = makeEvent(
            .event, timestamp: try Timestamp.unixSeconds(item["date"], field: "message_reaction_count.date"),
            contact: Self.contact(chat: item["chat"], from: nil))
        event.event = EventDetail(
            type: "reaction_count", attributes: JSONObject([("target", .string(messageID)), ("reactions", .array(counts))]))
        identify(&event, "message_reaction_count/\(Self.id(item["chat"]?["id"]) ?? "")/\(messageID)")
        return event
    }

    /// `my_chat_member`: the bot's own membership. In a private chat `kicked` means the user blocked the
    /// bot (`contact_blocked`) and `member` after `kicked` that they unblocked or restarted it
    /// (`contact_unblocked`); in groups and channels the bot was added (`bot_added`) or removed
    /// (`bot_removed`); anything else (promotion, restriction) is `bot_membership`.
    func botMembership(_ item: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        let old = item["old_chat_member"], new = item["new_chat_member"]
        let oldStatus = old?["status"]?.string ?? "", newStatus = new?["status"]?.string ?? ""
        let type: String
        if item["chat"]?["type"]?.string == "private" {
            if newStatus == "kicked" {
                type = "contact_blocked"
            } else if oldStatus == "kicked", Self.isMember(new) {
                type = "contact_unblocked"
            } else {
                type = "bot_membership"
            }
        } else if Self.isMember(old), !Self.isMember(new) {
            type = "bot_removed"
        } else if !Self.isMember(old), Self.isMember(new) {
            type = "bot_added"
        } else {
            type = "bot_membership"
        }
        return try membershipEvent(item, type: type, updateKind: "my_chat_member")
    }

    /// `chat_member` (needs `allowed_updates`): another member joined (`member_joined`), left or was
    /// removed (`member_left`), or changed status (`member_changed`).
    func memberChange(_ item: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        let old = item["old_chat_member"], new = item["new_chat_member"]
        let type =
            switch (Self.isMember(old), Self.isMember(new)) {
            case (false, true): "member_joined"
            case (true, false): "member_left"
            default: "member_changed"
            }
        return try membershipEvent(item, type: type, updateKind: "chat_member")
    }

    /// The shared shape of membership events: `chat_type`, `old_status`, `new_status`, `member`, `by`.
    func membershipEvent(_ item: JSONValue, type: String, updateKind: String) throws(SwitchboardError) -> CanonicalEvent {
        var attributes = JSONObject()
        attributes.set("chat_type", item["chat"]?["type"])
        attributes.set("chat_title", item["chat"]?["title"])
        attributes.set("old_status", item["old_chat_member"]?["status"])
        attributes.set("new_status", item["new_chat_member"]?["status"])
        attributes.set("member", Self.userJSON(item["new_chat_member"]?["user"]))
        attributes.set("by", Self.userJSON(item["from"]))
        var event = makeEvent(
            .event, timestamp: try Timestamp.unixSeconds(item["date"], field: updateKind + ".date"),
            contact: Self.contact(chat: item["chat"], from: item["from"]))
        event.event = EventDetail(type: type, attributes: attributes)
        let memberID = Self.id(item["new_chat_member"]?["user"]?["id"]) ?? ""
        identify(&event, "\(updateKind)/\(Self.id(item["chat"]?["id"]) ?? "")/\(memberID)/\(item["date"]?.identifier ?? "")")
        return event
    }

    /// `chat_join_request`: event `join_request` with the user, their private chat id and bio.
    func joinRequest(_ item: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        var attributes = JSONObject()
        attributes.set("user", Self.userJSON(item["from"]))
        attributes.set("user_chat_id", Self.id(item["user_chat_id"]).map(JSONValue.string))
        attributes.set("bio", item["bio"])
        attributes.set("invite_link", item["invite_link"]?["invite_link"])
        var event = makeEvent(
            .event, timestamp: try Timestamp.unixSeconds(item["date"], field: "chat_join_request.date"),
            contact: Self.contact(chat: item["chat"], from: item["from"]))
        event.event = EventDetail(type: "join_request", attributes: attributes)
        identify(&event, "chat_join_request/\(Self.id(item["chat"]?["id"]) ?? "")/\(Self.id(item["from"]?["id"]) ?? "")")
        return event
    }

    /// `business_connection`: event `business_connection`; the contact is the business owner's private chat.
    func businessConnection(_ item: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        var attributes = Self.scalarMembers(item)
        attributes.set("user", Self.userJSON(item["user"]))
        attributes.set("user_chat_id", Self.id(item["user_chat_id"]).map(JSONValue.string))
        let chat: JSONValue? = item["user_chat_id"].map { ["id": $0] }
        var event = makeEvent(
            .event, timestamp: try Timestamp.unixSeconds(item["date"], field: "business_connection.date"),
            contact: Self.contact(chat: chat, from: item["user"]))
        event.event = EventDetail(type: "business_connection", attributes: attributes)
        identify(&event, "business_connection/\(item["id"]?.identifier ?? "")/\(item["is_enabled"]?.bool == true)")
        return event
    }

    /// Update kinds without a canonical meaning (inline queries, payments, polls, boosts, and kinds this
    /// build does not know): an event carrying the item's scalar members; `raw` keeps the rest.
    func genericEvent(type: String, updateKind: String, item: JSONValue) throws(SwitchboardError) -> CanonicalEvent {
        var attributes = JSONObject()
        if type != updateKind { attributes.set("update_type", .string(updateKind)) }
        for member in Self.scalarMembers(item).members { attributes.set(member.key, member.value) }
        let actor = item["from"] ?? item["user"] ?? item["voter_chat"]
        var event = makeEvent(
            .event, timestamp: try Timestamp.unixSeconds(item["date"], field: updateKind + ".date"),
            contact: Self.contact(chat: item["chat"], from: actor))
        event.event = EventDetail(type: type, attributes: attributes)
        identify(&event, "\(updateKind)/\(item["id"]?.identifier ?? item["poll_id"]?.identifier ?? "")")
        return event
    }

    /// Whether a `ChatMember` is in the chat (owner, admin, member, or restricted but still a member).
    static func isMember(_ member: JSONValue?) -> Bool {
        switch member?["status"]?.string {
        case "creator", "administrator", "member": true
        case "restricted": member?["is_member"]?.bool == true
        default: false
        }
    }

    /// Labels of a `ReactionType` list.
    static func reactionLabels(_ list: JSONValue?) -> [String] { (list?.array ?? []).compactMap(reactionLabel) }

    /// `emoji` for an emoji reaction, `custom_emoji:<id>` for a custom one, `paid` for a star reaction.
    static func reactionLabel(_ type: JSONValue?) -> String? {
        switch type?["type"]?.string {
        case "emoji": type?["emoji"]?.string
        case "custom_emoji": type?["custom_emoji_id"]?.identifier.map { "custom_emoji:" + $0 }
        case "paid": "paid"
        default: nil
        }
    }

    /// Whether a label is an ordinary emoji.
    static func isPlainEmoji(_ label: String) -> Bool { label != "paid" && !label.hasPrefix("custom_emoji:") }
}
