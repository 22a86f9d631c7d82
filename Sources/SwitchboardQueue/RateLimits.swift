import SwitchboardCore

/// The limits of one connection: the whole connection, and each recipient (the "pair" rate).
public struct ConnectionRateLimits: Sendable, Hashable {
    /// All messages of the connection (WhatsApp 80/s per number, Messenger 300/s per Page, Telegram 30/s).
    public var connection: RateLimit
    /// Messages to one recipient (WhatsApp about 1 per 6 s, Telegram 1/s per chat); `nil` = none known.
    public var perRecipient: RateLimit?
    /// Messages to one group chat, where different from ``perRecipient`` (Telegram 20/min per group).
    public var perGroup: RateLimit?

    public init(connection: RateLimit, perRecipient: RateLimit? = nil, perGroup: RateLimit? = nil) {
        self.connection = connection
        self.perRecipient = perRecipient
        self.perGroup = perGroup
    }
}

/// Default limits per provider and channel (docs/providers.md §2.7, §3, §4, §5, §6, §11). Keys are
/// `"<provider>.<channel>"` or `"<provider>"`; ``limits(provider:channel:)`` tries both, then ``fallback``.
public struct RateLimits: Sendable, Hashable {
    public var table: [String: ConnectionRateLimits]
    /// For a provider the table does not know.
    public var fallback: ConnectionRateLimits

    public init(
        table: [String: ConnectionRateLimits] = RateLimits.defaultTable, fallback: ConnectionRateLimits = RateLimits.defaultFallback
    ) {
        self.table = table
        self.fallback = fallback
    }

    /// The limits for a connection of `provider` on `channel`.
    public func limits(provider: Provider, channel: Channel) -> ConnectionRateLimits {
        table["\(provider.rawValue).\(channel.rawValue)"] ?? table[provider.rawValue] ?? fallback
    }

    /// WhatsApp: 80 msg/s per number (bursts of 20), about 1 msg per 6 s per user (bursts of 3 tolerated).
    public static let whatsapp = ConnectionRateLimits(
        connection: RateLimit(80, burst: 20), perRecipient: RateLimit(1, per: .seconds(6), burst: 3))
    /// Messenger / Instagram: 300 calls/s per Page or account (bursts of 50); no published pair rate, 1/s per thread assumed.
    public static let meta = ConnectionRateLimits(connection: RateLimit(300, burst: 50), perRecipient: RateLimit(1, burst: 5))
    /// Telegram: about 30 msg/s across chats, 1/s per chat (short bursts of 3), 20/min per group.
    public static let telegram = ConnectionRateLimits(
        connection: RateLimit(30, burst: 5), perRecipient: RateLimit(1, burst: 3), perGroup: RateLimit(20, per: .seconds(60), burst: 1))
    /// Twilio: not published per account; 1 msg/s per long code (US), and at most 30 replies between the same
    /// two numbers in 30 s (error 14107).
    public static let twilio = ConnectionRateLimits(connection: RateLimit(1), perRecipient: RateLimit(1, burst: 1))

    public static let defaultTable: [String: ConnectionRateLimits] = [
        "meta.whatsapp": whatsapp, "360dialog.whatsapp": whatsapp, "360dialog": whatsapp, "twilio.whatsapp": whatsapp,
        "meta.messenger": meta, "meta.instagram": meta, "meta": meta,
        "telegram": telegram,
        "twilio": twilio,
        "vonage": ConnectionRateLimits(connection: RateLimit(30, burst: 5), perRecipient: RateLimit(1, burst: 1)),
        "messagebird": ConnectionRateLimits(connection: RateLimit(10, burst: 5), perRecipient: RateLimit(1, burst: 1)),
        "email": ConnectionRateLimits(connection: RateLimit(10, burst: 10)),
    ]

    /// 10/s with bursts of 5, 1/s per recipient.
    public static let defaultFallback = ConnectionRateLimits(connection: RateLimit(10, burst: 5), perRecipient: RateLimit(1, burst: 1))
}
