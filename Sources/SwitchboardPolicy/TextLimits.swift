import SwitchboardCore

/// The longest text one message may carry on a channel (docs/providers.md): characters (Unicode scalars) and, for
/// SMS, the concatenated segments the text takes (``SMSSegments``). `nil` is no limit.
public struct TextLimit: Sendable, Hashable {
    /// Most characters in one text.
    public var maxCharacters: Int?
    /// Most SMS segments one text may take (SMS only).
    public var maxSegments: Int?

    public init(maxCharacters: Int? = nil, maxSegments: Int? = nil) {
        self.maxCharacters = maxCharacters
        self.maxSegments = maxSegments
    }

    /// docs/providers.md: WhatsApp `text.body` ≤ 4096 (§2.4), Telegram `sendMessage` 1–4096 (§5), Messenger 2,000
    /// (§3), Twilio `Body` ≤ 1600 characters, about 10 segments (§6, §10); Instagram and email have none known here.
    public static let defaults: [Channel: TextLimit] = [
        .whatsapp: TextLimit(maxCharacters: 4096), .telegram: TextLimit(maxCharacters: 4096),
        .messenger: TextLimit(maxCharacters: 2000), .sms: TextLimit(maxCharacters: 1600, maxSegments: 10),
    ]
}
