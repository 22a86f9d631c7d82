import SwitchboardCore

extension WhatsAppCloudInbound.Scope {
    /// One `messages[]` (or, with `echo`, `message_echoes[]`) element.
    ///
    /// `revoke` becomes a `delete`, `edit` an `edit` with the new content, `system` and
    /// `request_welcome` an `event`; everything else a `message` (unknown types as `unsupported`).
    ///
    /// `index` is the item's place in its array, naming a refused field (`...messages[2].timestamp`).
    func message(_ item: JSONValue, echo: Bool, index: Int) throws(SwitchboardError) -> CanonicalEvent {
        let type = item["type"]?.string ?? "unknown"
        let id = item["id"]?.identifier
        let itemPath = { "\(path).\(echo ? "message_echoes" : "messages")[\(index)]" }
        var event = event(.message, raw: item)
        event.timestamp = try Timestamp.unixSeconds(item["timestamp"], field: itemPath() + ".timestamp")
        event.providerMessageID = id
        if echo {
            event.direction = .outbound
            event.echo = true
            event.contact = contact(waID: item["to"]?.identifier, userID: item["to_user_id"]?.string)
        } else {
            event.contact = contact(waID: item["from"]?.identifier, userID: item["from_user_id"]?.string)
        }
        event.group = item["group_id"]?.identifier
        if let context = item["context"] {
            event.forwarded = context["forwarded"]?.bool == true || context["frequently_forwarded"]?.bool == true
            event.replyTo = context["id"]?.identifier
            if let product = context["referred_product"] {
                event.referral = Referral(
                    sourceType: "product", sourceID: product["product_retailer_id"]?.identifier,
                    ref: product["catalog_id"]?.identifier)
            }
        }
        if let referral = item["referral"] { event.referral = WhatsAppCloudInbound.referral(referral) }
        if let errors = item["errors"]?.array { event.errors = WhatsAppCloudInbound.errors(errors) }
        switch type {
        case "revoke":
            event.kind = .delete
            event.target = item["revoke"]?["original_message_id"]?.identifier
        case "edit":
            event.kind = .edit
            event.target = item["edit"]?["original_message_id"]?.identifier
            let edited = item["edit"]?["message"] ?? .null
            event.content = try WhatsAppCloudInbound.content(
                of: edited, type: edited["type"]?.string ?? "unknown", path: itemPath() + ".edit.message")
        case "system":
            event.kind = .event
            event.event = WhatsAppCloudInbound.systemEvent(item)
        case "request_welcome":
            event.kind = .event
            event.event = EventDetail(type: "request_welcome")
        default:
            event.content = try WhatsAppCloudInbound.content(of: item, type: type, path: itemPath())
        }
        if let id {
            event.assignID(key: id)
        } else {
            event.assignID(key: "message:", canonicalTextOf: item)
        }
        return event
    }
}

extension WhatsAppCloudInbound {
    /// The content of a message object whose `type` is `type` (also used for an edit's new message);
    /// `path` is the object's place in the body, naming a refused field.
    static func content(of item: JSONValue, type: String, path: @autoclosure () -> String) throws(SwitchboardError) -> MessageContent {
        switch type {
        case "text":
            guard let body = item["text"]?["body"]?.string else { return .unsupported(type) }
            return .text(body)
        case "image", "video", "audio", "voice", "document", "sticker":
            guard let media = item[type] else { return .unsupported(type) }
            let attachment = try attachment(media, type: type, path: path() + "." + type)
            return MessageContent(type: .media, text: media["caption"]?.string, attachments: [attachment])
        case "location":
            let place = item["location"]
            guard let latitude = try InputNumber.latitude(place?["latitude"], field: path() + ".location.latitude"),
                let longitude = try InputNumber.longitude(place?["longitude"], field: path() + ".location.longitude")
            else { return .unsupported(type) }
            let location = Location(
                latitude: latitude, longitude: longitude, name: place?["name"]?.string, address: place?["address"]?.string,
                url: place?["url"]?.string)
            return MessageContent(type: .location, location: location)
        case "contacts":
            return MessageContent(type: .contacts, contacts: (item["contacts"]?.array ?? []).map(sharedContact))
        case "interactive":
            return interactive(item["interactive"])
        case "button":
            let button = item["button"]
            let reply = InteractiveReply(kind: .templateButton, title: button?["text"]?.string, payload: button?["payload"]?.string)
            return MessageContent(type: .interactiveReply, reply: reply)
        case "reaction":
            let reaction = item["reaction"]
            let value = Reaction(
                emoji: reaction?["emoji"]?.string ?? "", target: reaction?["message_id"]?.identifier ?? "")
            return MessageContent(type: .reaction, reaction: value)
        case "order":
            guard let order = item["order"] else { return .unsupported(type) }
            return MessageContent(type: .order, text: order["text"]?.string, order: order)
        case "unsupported", "unknown":
            return .unsupported(item["unsupported"]?["type"]?.string ?? type)
        default:
            return .unsupported(type)
        }
    }

    /// A media object (`{id, mime_type, sha256, caption?, filename?, voice?, url?}`) as an attachment.
    static func attachment(_ media: JSONValue, type: String, path: @autoclosure () -> String) throws(SwitchboardError) -> Attachment {
        let kind: Attachment.Kind =
            switch type {
            case "image": .image
            case "video": .video
            case "voice": .voice
            case "audio": media["voice"]?.bool == true ? .voice : .audio
            case "sticker": .sticker
            default: .document
            }
        return Attachment(
            kind: kind, mimeType: media["mime_type"]?.string, url: media["url"]?.string,
            providerMediaID: media["id"]?.identifier, filename: media["filename"]?.string,
            size: try InputNumber.count(media["file_size"], field: path() + ".file_size"), sha256: media["sha256"]?.string)
    }

    /// `interactive{type, button_reply | list_reply | nfm_reply}`.
    static func interactive(_ interactive: JSONValue?) -> MessageContent {
        let type = interactive?["type"]?.string
        let reply: InteractiveReply
        switch type {
        case "button_reply":
            let choice = interactive?["button_reply"]
            reply = InteractiveReply(kind: .button, id: choice?["id"]?.identifier, title: choice?["title"]?.string)
        case "list_reply":
            let choice = interactive?["list_reply"]
            reply = InteractiveReply(kind: .list, id: choice?["id"]?.identifier, title: choice?["title"]?.string)
        case "nfm_reply":
            // `response_json` is a JSON *string*; it is passed on as given, even when it is not valid JSON.
            let flow = interactive?["nfm_reply"]
            let response = flow?["response_json"]
            reply = InteractiveReply(
                kind: .flow, title: flow?["body"]?.string, payload: response?.string ?? response.map { $0.canonicalText })
        default:
            return .unsupported(type.map { "interactive.\($0)" } ?? "interactive")
        }
        return MessageContent(type: .interactiveReply, reply: reply)
    }

    /// A shared contact card.
    static func sharedContact(_ card: JSONValue) -> SharedContact {
        let name = card["name"]
        let parts = [name?["first_name"]?.string, name?["last_name"]?.string].compactMap { $0 }
        let formatted = name?["formatted_name"]?.string ?? parts.joined(separator: " ")
        let phones = (card["phones"]?.array ?? []).compactMap { $0["phone"]?.string ?? $0["wa_id"]?.identifier }
        let emails = (card["emails"]?.array ?? []).compactMap { $0["email"]?.string }
        return SharedContact(name: formatted, phones: phones, emails: emails)
    }

    /// A click-to-WhatsApp `referral`.
    static func referral(_ referral: JSONValue) -> Referral {
        Referral(
            sourceType: referral["source_type"]?.string ?? "unknown", sourceID: referral["source_id"]?.identifier,
            sourceURL: referral["source_url"]?.string, headline: referral["headline"]?.string,
            ctwaClid: referral["ctwa_clid"]?.string)
    }

    /// A `system` message: number and identity changes.
    static func systemEvent(_ item: JSONValue) -> EventDetail {
        let system = item["system"]
        let systemType = system?["type"]?.string ?? "system"
        let type: String =
            switch systemType {
            case "user_changed_number", "customer_changed_number": "number_changed"
            case "customer_identity_changed", "identity_changed", "user_identity_changed": "identity_changed"
            default: systemType
            }
        var attributes = JSONObject()
        attributes.set("system_type", .string(systemType))
        attributes.set("body", system?["body"])
        attributes.set("new_wa_id", system?["wa_id"] ?? system?["new_wa_id"])
        attributes.set("identity", item["identity"])
        return EventDetail(type: type, attributes: attributes)
    }
}
