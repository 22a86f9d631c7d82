/// What a message says: one canonical shape for every channel.
///
/// `type` decides which of the optional members are meaningful (see docs/canonical-model.md).
/// The same type describes inbound content and outbound content; outbound adds `template`,
/// `interactive` and `action`.
public struct MessageContent: Sendable, Hashable {
    /// The content type (`text`, `media`, `location`, ...).
    public var type: ContentType
    /// Text body, or the caption of media, or a comment's text.
    public var text: String?
    /// Media items for `media`.
    public var attachments: [Attachment]
    /// Coordinates for `location`.
    public var location: Location?
    /// Shared contact cards for `contacts`.
    public var contacts: [SharedContact]
    /// A button / list / quick-reply / postback / callback choice for `interactive_reply`.
    public var reply: InteractiveReply?
    /// An emoji reaction for `reaction`.
    public var reaction: Reaction?
    /// A commerce order for `order`, kept in the provider's own shape.
    public var order: JSONValue?
    /// The comment reference for `comment`.
    public var comment: CommentReference?
    /// The provider's own type name for `unsupported`.
    public var unsupportedType: String?
    /// Outbound only: a WhatsApp-style template (`template`), kept as given.
    public var template: JSONValue?
    /// Outbound only: buttons, list or call-to-action (`interactive`), kept as given.
    public var interactive: JSONValue?
    /// Outbound only: a sender action (`action`): `{name, target?}`.
    public var action: JSONValue?

    public init(
        type: ContentType, text: String? = nil, attachments: [Attachment] = [], location: Location? = nil,
        contacts: [SharedContact] = [], reply: InteractiveReply? = nil, reaction: Reaction? = nil,
        order: JSONValue? = nil, comment: CommentReference? = nil, unsupportedType: String? = nil,
        template: JSONValue? = nil, interactive: JSONValue? = nil, action: JSONValue? = nil
    ) {
        self.type = type
        self.text = text
        self.attachments = attachments
        self.location = location
        self.contacts = contacts
        self.reply = reply
        self.reaction = reaction
        self.order = order
        self.comment = comment
        self.unsupportedType = unsupportedType
        self.template = template
        self.interactive = interactive
        self.action = action
    }

    /// Plain text.
    public static func text(_ text: String) -> MessageContent { MessageContent(type: .text, text: text) }

    /// Something the adapter could not map; `providerType` names what the provider called it.
    public static func unsupported(_ providerType: String, text: String? = nil) -> MessageContent {
        MessageContent(type: .unsupported, text: text, unsupportedType: providerType)
    }
}

/// The canonical content types. An open set so unknown values from stored JSON survive.
public struct ContentType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let text = ContentType(rawValue: "text")
    public static let media = ContentType(rawValue: "media")
    public static let location = ContentType(rawValue: "location")
    public static let contacts = ContentType(rawValue: "contacts")
    public static let interactiveReply = ContentType(rawValue: "interactive_reply")
    public static let reaction = ContentType(rawValue: "reaction")
    public static let order = ContentType(rawValue: "order")
    public static let comment = ContentType(rawValue: "comment")
    public static let unsupported = ContentType(rawValue: "unsupported")
    /// Outbound only.
    public static let template = ContentType(rawValue: "template")
    /// Outbound only.
    public static let interactive = ContentType(rawValue: "interactive")
    /// Outbound only.
    public static let action = ContentType(rawValue: "action")
}

/// One media item of a message.
public struct Attachment: Sendable, Hashable {
    /// What kind of media this is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case image, video, audio, voice, document, sticker, file
    }

    public var kind: Kind
    public var mimeType: String?
    /// A URL the media can be fetched from (may need the provider's credentials).
    public var url: String?
    /// The provider's media handle (WhatsApp media id, Telegram file_id).
    public var providerMediaID: String?
    public var filename: String?
    /// Size in bytes.
    public var size: Int64?
    public var sha256: String?
    /// Email: the part's `Content-ID` without `<>`, which HTML references as `cid:<id>` (additive).
    public var contentID: String?
    /// Email: `true` for a part meant to be shown in the body (`Content-Disposition: inline`), such as
    /// an image the HTML embeds, rather than offered as a download (additive; omitted when `false`).
    public var inline: Bool

    public init(
        kind: Kind, mimeType: String? = nil, url: String? = nil, providerMediaID: String? = nil,
        filename: String? = nil, size: Int64? = nil, sha256: String? = nil, contentID: String? = nil, inline: Bool = false
    ) {
        self.kind = kind
        self.mimeType = mimeType
        self.url = url
        self.providerMediaID = providerMediaID
        self.filename = filename
        self.size = size
        self.sha256 = sha256
        self.contentID = contentID
        self.inline = inline
    }
}

/// A shared or current location.
public struct Location: Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double
    public var name: String?
    public var address: String?
    public var url: String?

    public init(latitude: Double, longitude: Double, name: String? = nil, address: String? = nil, url: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
        self.url = url
    }
}

/// A contact card shared in a message.
public struct SharedContact: Sendable, Hashable {
    public var name: String
    public var phones: [String]
    public var emails: [String]

    public init(name: String, phones: [String] = [], emails: [String] = []) {
        self.name = name
        self.phones = phones
        self.emails = emails
    }
}

/// The choice a contact made on buttons, lists, quick replies, postbacks or callbacks.
public struct InteractiveReply: Sendable, Hashable {
    /// Where the choice came from.
    public enum Kind: String, Sendable, Hashable {
        case button, list, quickReply = "quick_reply", postback, callback, templateButton = "template_button", flow
    }

    public var kind: Kind
    public var id: String?
    public var title: String?
    /// Free-form data attached to the choice (flow response JSON, callback data, postback payload).
    public var payload: String?

    public init(kind: Kind, id: String? = nil, title: String? = nil, payload: String? = nil) {
        self.kind = kind
        self.id = id
        self.title = title
        self.payload = payload
    }
}

/// An emoji reaction to a message; `emoji == ""` means the reaction was removed.
public struct Reaction: Sendable, Hashable {
    public var emoji: String
    /// Provider id of the message reacted to.
    public var target: String

    public init(emoji: String, target: String) {
        self.emoji = emoji
        self.target = target
    }
}

/// A comment on a post (Instagram, Facebook).
public struct CommentReference: Sendable, Hashable {
    public var id: String
    public var postID: String?
    /// The comment this one replies to.
    public var parentID: String?

    public init(id: String, postID: String? = nil, parentID: String? = nil) {
        self.id = id
        self.postID = postID
        self.parentID = parentID
    }
}
