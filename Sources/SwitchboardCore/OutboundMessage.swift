/// What an agent asks Switchboard to send (docs/outbound-message.md).
///
/// Addressed by `conversation`, or by `channel` + `account` + `to`. Parsed from JSON with
/// ``init(json:)``, which names the first problem it finds.
public struct OutboundMessage: Sendable, Hashable {
    public var channel: Channel
    public var account: String
    /// The contact id to send to.
    public var to: String
    public var content: MessageContent
    /// Provider id of the message to quote.
    public var replyTo: String?
    /// Messenger / Instagram message tag (`HUMAN_AGENT`, `ACCOUNT_UPDATE`, ...).
    public var tag: String?
    /// The declared nature of the content; tag rules need it.
    public var promotional: Bool?
    /// Instagram / Facebook comment id for a private reply.
    public var commentID: String?
    /// Opaque data echoed back on statuses (WhatsApp `biz_opaque_callback_data`, Twilio/Vonage client refs).
    public var metadata: String?
    public var idempotencyKey: String?
    /// Email only: subject, extra recipients. Kept as given.
    public var email: JSONValue?

    public init(
        channel: Channel, account: String, to: String, content: MessageContent, replyTo: String? = nil,
        tag: String? = nil, promotional: Bool? = nil, commentID: String? = nil, metadata: String? = nil,
        idempotencyKey: String? = nil, email: JSONValue? = nil
    ) {
        self.channel = channel
        self.account = account
        self.to = to
        self.content = content
        self.replyTo = replyTo
        self.tag = tag
        self.promotional = promotional
        self.commentID = commentID
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
        self.email = email
    }

    /// `"<channel>:<account>:<to>"`.
    public var conversation: String { CanonicalEvent.conversationKey(channel: channel, account: account, contact: to) }
}

extension OutboundMessage {
    /// Parses the canonical outbound JSON.
    public init(json: JSONValue) throws(SwitchboardError) {
        guard let object = json.object else { throw .invalidMessage("the message must be a JSON object") }
        var channel: Channel?, account: String?, to: String?
        if let conversation = object["conversation"]?.string {
            // On the scalar ":": a combining mark after ":" would make one character of both.
            let parts = conversation.unicodeScalars.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let parsed = Channel(rawValue: parts[0]), !parts[1].isEmpty, !parts[2].isEmpty else {
                throw .invalidMessage("conversation must look like <channel>:<account>:<contact>, got \"\(conversation)\"")
            }
            channel = parsed
            account = String(parts[1])
            to = String(parts[2])
        }
        if let value = object["channel"]?.string {
            guard let parsed = Channel(rawValue: value) else { throw .invalidMessage("unknown channel \"\(value)\"") }
            channel = parsed
        }
        if let value = object["account"]?.identifier { account = value }
        if let value = object["to"]?.identifier { to = value }
        guard let channel, let account, let to else {
            throw .invalidMessage("address the message with conversation, or with channel + account + to")
        }
        guard let contentJSON = object["content"] else { throw .invalidMessage("content is required") }
        self.init(
            channel: channel, account: account, to: to, content: try MessageContent(json: contentJSON),
            replyTo: object["reply_to"]?.identifier, tag: object["tag"]?.string, promotional: object["promotional"]?.bool,
            commentID: object["comment_id"]?.identifier, metadata: object["metadata"].flatMap { $0.string ?? $0.canonicalText },
            idempotencyKey: object["idempotency_key"]?.string, email: object["email"]
        )
    }

    /// The canonical outbound JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("conversation", .string(conversation))
        object.set("content", content.json)
        object.set("reply_to", replyTo.map(JSONValue.string))
        object.set("tag", tag.map(JSONValue.string))
        object.set("promotional", promotional.map(JSONValue.bool))
        object.set("comment_id", commentID.map(JSONValue.string))
        object.set("metadata", metadata.map(JSONValue.string))
        object.set("idempotency_key", idempotencyKey.map(JSONValue.string))
        object.set("email", email)
        return .object(object)
    }
}

extension MessageContent {
    /// Parses canonical content JSON (inbound or outbound shape).
    public init(json: JSONValue) throws(SwitchboardError) {
        guard let object = json.object, let typeName = object["type"]?.string else {
            throw .invalidMessage("content must be an object with a \"type\"")
        }
        let type = ContentType(rawValue: typeName)
        var content = MessageContent(type: type, text: object["text"]?.string)
        switch type {
        case .text:
            guard content.text != nil else { throw .invalidMessage("content.text is required for type text") }
        case .media:
            guard let items = object["attachments"]?.array, !items.isEmpty else {
                throw .invalidMessage("content.attachments must list at least one attachment for type media")
            }
            for (index, item) in items.enumerated() {
                guard let kindName = item["kind"]?.string, let kind = Attachment.Kind(rawValue: kindName) else {
                    throw .invalidMessage(
                        "content.attachments[\(index)].kind must be one of image, video, audio, voice, document, sticker, file")
                }
                let size: Int64?
                do {
                    size = try InputNumber.count(item["size"], field: "content.attachments[\(index)].size")
                } catch {
                    throw .invalidMessage(error.message)
                }
                let attachment = Attachment(
                    kind: kind, mimeType: item["mime_type"]?.string, url: item["url"]?.string,
                    providerMediaID: item["provider_media_id"]?.identifier, filename: item["filename"]?.string,
                    size: size, sha256: item["sha256"]?.string, contentID: item["content_id"]?.string,
                    inline: item["inline"]?.bool ?? false)
                guard attachment.url != nil || attachment.providerMediaID != nil else {
                    throw .invalidMessage("content.attachments[\(index)] needs a url or a provider_media_id")
                }
                content.attachments.append(attachment)
            }
        case .location:
            let location = object["location"] ?? .null
            let latitude: Double?, longitude: Double?
            do {
                latitude = try InputNumber.latitude(location["latitude"], field: "content.location.latitude")
                longitude = try InputNumber.longitude(location["longitude"], field: "content.location.longitude")
            } catch {
                throw .invalidMessage(error.message)  // the caller's mistake, not a malformed webhook
            }
            guard let latitude, let longitude else { throw .invalidMessage("content.location needs latitude and longitude") }
            content.location = Location(
                latitude: latitude, longitude: longitude, name: location["name"]?.string,
                address: location["address"]?.string, url: location["url"]?.string)
        case .contacts:
            guard let cards = object["contacts"]?.array, !cards.isEmpty else {
                throw .invalidMessage("content.contacts must list at least one contact")
            }
            content.contacts = cards.map { card in
                SharedContact(
                    name: card["name"]?.string ?? "", phones: card["phones"]?.array?.compactMap(\.identifier) ?? [],
                    emails: card["emails"]?.array?.compactMap(\.string) ?? [])
            }
        case .reaction:
            guard let reaction = object["reaction"], let target = reaction["target"]?.identifier else {
                throw .invalidMessage("content.reaction needs emoji and target")
            }
            content.reaction = Reaction(emoji: reaction["emoji"]?.string ?? "", target: target)
        case .template:
            guard let template = object["template"], template["name"]?.string != nil else {
                throw .invalidMessage("content.template needs a name")
            }
            content.template = template
        case .interactive:
            guard let interactive = object["interactive"]?.object else {
                throw .invalidMessage("content.interactive must be an object with buttons, list or cta")
            }
            guard interactive["buttons"] != nil || interactive["list"] != nil || interactive["cta"] != nil else {
                throw .invalidMessage("content.interactive needs buttons, list or cta")
            }
            content.interactive = .object(interactive)
        case .action:
            guard let action = object["action"], action["name"]?.string != nil else {
                throw .invalidMessage("content.action needs a name (mark_read, typing_on, typing_off)")
            }
            content.action = action
        case .comment:
            if let comment = object["comment"], let id = comment["id"]?.identifier {
                content.comment = CommentReference(id: id)
            }
        default:
            throw .invalidMessage("content type \"\(typeName)\" cannot be sent")
        }
        self = content
    }
}
