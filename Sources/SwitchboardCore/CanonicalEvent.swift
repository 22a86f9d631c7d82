/// One normalized event: the unit every consumer of Switchboard sees, whatever the channel.
///
/// Built by adapters, stored by the gateway, delivered to subscribers as ``json`` (docs/canonical-model.md).
public struct CanonicalEvent: Sendable, Hashable {
    public var kind: EventKind
    /// Deterministic id: the same provider item always yields the same id (see ``EventID``).
    public var id: String
    public var channel: Channel
    public var provider: Provider
    /// The business side: phone_number_id, page id, Instagram account id, bot, mailbox, number.
    public var account: String
    public var direction: Direction
    public var timestamp: Timestamp?
    public var contact: Contact?
    public var providerMessageID: String?
    /// The provider id of the message this one quotes or answers.
    public var replyTo: String?
    /// `true` on outbound echoes (messages the business sent through another tool or app).
    public var echo: Bool
    /// `true` when the provider marks the message as forwarded.
    public var forwarded: Bool
    /// Thread / group / album grouping the provider gives (Telegram `media_group_id`, WhatsApp group).
    public var group: String?
    /// `message` and `edit`.
    public var content: MessageContent?
    /// `status`.
    public var status: DeliveryStatus?
    public var errors: [ProviderErrorInfo]
    public var pricing: Pricing?
    /// Read / delivery watermark (Messenger): everything at or before it.
    public var watermark: Timestamp?
    /// `edit` and `delete`: the provider id of the changed message.
    public var target: String?
    /// `event`.
    public var event: EventDetail?
    public var referral: Referral?
    public var email: EmailDetails?
    /// Opaque data the business attached when sending, echoed back on statuses.
    public var metadata: String?
    /// The provider's own object for this item, untouched.
    public var raw: JSONValue

    public init(
        kind: EventKind, id: String = "", channel: Channel, provider: Provider, account: String,
        direction: Direction = .inbound, timestamp: Timestamp? = nil, contact: Contact? = nil,
        providerMessageID: String? = nil, replyTo: String? = nil, echo: Bool = false, forwarded: Bool = false,
        group: String? = nil, content: MessageContent? = nil, status: DeliveryStatus? = nil,
        errors: [ProviderErrorInfo] = [], pricing: Pricing? = nil, watermark: Timestamp? = nil,
        target: String? = nil, event: EventDetail? = nil, referral: Referral? = nil, email: EmailDetails? = nil,
        metadata: String? = nil, raw: JSONValue = .null
    ) {
        self.kind = kind
        self.id = id
        self.channel = channel
        self.provider = provider
        self.account = account
        self.direction = direction
        self.timestamp = timestamp
        self.contact = contact
        self.providerMessageID = providerMessageID
        self.replyTo = replyTo
        self.echo = echo
        self.forwarded = forwarded
        self.group = group
        self.content = content
        self.status = status
        self.errors = errors
        self.pricing = pricing
        self.watermark = watermark
        self.target = target
        self.event = event
        self.referral = referral
        self.email = email
        self.metadata = metadata
        self.raw = raw
    }

    /// `"<channel>:<account>:<contact.id>"`, or `nil` when the event has no contact.
    public var conversation: String? {
        contact.map { Self.conversationKey(channel: channel, account: account, contact: $0.id) }
    }

    /// Builds a conversation key.
    public static func conversationKey(channel: Channel, account: String, contact: String) -> String {
        "\(channel.rawValue):\(account):\(contact)"
    }

    /// Sets ``id`` from the provider item's identity (see ``EventID/make(provider:account:kind:key:)``).
    public mutating func assignID(key: String) {
        id = EventID.make(provider: provider, account: account, kind: kind, key: key)
    }

    /// Sets ``id`` exactly as `assignID(key: prefix + value.canonicalText + suffix)` would, hashing the
    /// canonical JSON bytes as written instead of building the string (ids of items without a provider id).
    public mutating func assignID(key prefix: String, canonicalTextOf value: JSONValue, suffix: String = "") {
        var key: [UInt8] = []
        key.reserveCapacity(512)
        key.append(contentsOf: prefix.utf8)
        JSONWriter().write(value, into: &key)
        key.append(contentsOf: suffix.utf8)
        id = key.withUnsafeBytes { EventID.make(provider: provider, account: account, kind: kind, key: $0) }
    }
}
