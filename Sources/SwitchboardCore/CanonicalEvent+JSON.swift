/// The canonical JSON form of events (docs/canonical-model.md): snake_case keys, absent values omitted.
extension CanonicalEvent {
    /// The event as canonical JSON. Members are appended in byte order of their keys, so the canonical
    /// writer finds them sorted and serializes without sorting or copying (this runs for every stored event).
    public var json: JSONValue {
        var object = JSONObject()
        object.reserveCapacity(16)
        func add(_ key: String, _ value: JSONValue?) {
            if let value { object.append(key, value) }
        }
        add("account", .string(account))
        add("channel", .string(channel.rawValue))
        add("contact", contact.map(\.json))
        add("content", content.map(\.json))
        add("conversation", conversation.map(JSONValue.string))
        add("direction", .string(direction.rawValue))
        if echo { add("echo", .bool(true)) }
        add("email", email.map(\.json))
        if !errors.isEmpty { add("errors", .array(errors.map(\.json))) }
        if let event {
            var detail = event.attributes
            detail["type"] = .string(event.type)
            add("event", .object(detail))
        }
        if forwarded { add("forwarded", .bool(true)) }
        add("group", group.map(JSONValue.string))
        add("id", .string(id))
        add("kind", .string(kind.rawValue))
        add("metadata", metadata.map(JSONValue.string))
        add("pricing", pricing.map(\.json))
        add("provider", .string(provider.rawValue))
        add("provider_message_id", providerMessageID.map(JSONValue.string))
        add("raw", raw)
        add("referral", referral.map(\.json))
        add("reply_to", replyTo.map(JSONValue.string))
        add("status", status.map { .string($0.rawValue) })
        add("target", target.map(JSONValue.string))
        add("timestamp", timestamp.map { .string($0.rfc3339) })
        add("watermark", watermark.map { .string($0.rfc3339) })
        return .object(object)
    }

    /// One line of canonical JSON (sorted keys), as `normalize` prints it.
    public var jsonLine: String { json.canonicalText }
}

extension Contact {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("id", .string(id))
        object.set("name", name.map(JSONValue.string))
        object.set("phone", phone.map(JSONValue.string))
        object.set("username", username.map(JSONValue.string))
        return .object(object)
    }
}

extension MessageContent {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("action", action)
        if !attachments.isEmpty { object.set("attachments", .array(attachments.map(\.json))) }
        object.set("comment", comment.map(\.json))
        if !contacts.isEmpty || type == .contacts { object.set("contacts", .array(contacts.map(\.json))) }
        object.set("interactive", interactive)
        object.set("location", location.map(\.json))
        object.set("order", order)
        object.set("reaction", reaction.map(\.json))
        object.set("reply", reply.map(\.json))
        object.set("template", template)
        object.set("text", text.map(JSONValue.string))
        object.set("type", .string(type.rawValue))
        if let unsupportedType { object.set("unsupported", ["provider_type": .string(unsupportedType)]) }
        return .object(object)
    }
}

extension Attachment {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("content_id", contentID.map(JSONValue.string))
        object.set("filename", filename.map(JSONValue.string))
        if inline { object.set("inline", .bool(true)) }
        object.set("kind", .string(kind.rawValue))
        object.set("mime_type", mimeType.map(JSONValue.string))
        object.set("provider_media_id", providerMediaID.map(JSONValue.string))
        object.set("sha256", sha256.map(JSONValue.string))
        object.set("size", size.map { .int($0) })
        object.set("url", url.map(JSONValue.string))
        return .object(object)
    }
}

extension Location {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("latitude", .double(latitude))
        object.set("longitude", .double(longitude))
        object.set("name", name.map(JSONValue.string))
        object.set("address", address.map(JSONValue.string))
        object.set("url", url.map(JSONValue.string))
        return .object(object)
    }
}

extension SharedContact {
    /// Canonical JSON.
    public var json: JSONValue {
        ["name": .string(name), "phones": .array(phones.map(JSONValue.string)), "emails": .array(emails.map(JSONValue.string))]
    }
}

extension InteractiveReply {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("kind", .string(kind.rawValue))
        object.set("id", id.map(JSONValue.string))
        object.set("title", title.map(JSONValue.string))
        object.set("payload", payload.map(JSONValue.string))
        return .object(object)
    }
}

extension Reaction {
    /// Canonical JSON.
    public var json: JSONValue { ["emoji": .string(emoji), "target": .string(target)] }
}

extension CommentReference {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("id", .string(id))
        object.set("post_id", postID.map(JSONValue.string))
        object.set("parent_id", parentID.map(JSONValue.string))
        return .object(object)
    }
}

extension ProviderErrorInfo {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("code", .string(code))
        object.set("title", title.map(JSONValue.string))
        object.set("detail", detail.map(JSONValue.string))
        return .object(object)
    }
}

extension Pricing {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("category", category.map(JSONValue.string))
        object.set("type", type.map(JSONValue.string))
        object.set("billable", billable.map(JSONValue.bool))
        object.set("model", model.map(JSONValue.string))
        return .object(object)
    }
}

extension Referral {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("source_type", .string(sourceType))
        object.set("source_id", sourceID.map(JSONValue.string))
        object.set("source_url", sourceURL.map(JSONValue.string))
        object.set("headline", headline.map(JSONValue.string))
        object.set("ctwa_clid", ctwaClid.map(JSONValue.string))
        object.set("ref", ref.map(JSONValue.string))
        return .object(object)
    }
}

extension EmailDetails {
    /// Canonical JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("subject", subject.map(JSONValue.string))
        object.set("message_id", messageID.map(JSONValue.string))
        object.set("in_reply_to", inReplyTo.map(JSONValue.string))
        object.set("references", .array(references.map(JSONValue.string)))
        object.set("html", html.map(JSONValue.string))
        object.set("cc", .array(cc.map(JSONValue.string)))
        if !to.isEmpty { object.set("to", .array(to.map(JSONValue.string))) }
        object.set("auto_submitted", autoSubmitted.map(JSONValue.string))
        object.set("bounce", bounce)
        return .object(object)
    }
}
