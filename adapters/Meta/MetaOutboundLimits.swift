import SwitchboardCore

/// Messenger and Instagram Send API limits the encoder enforces (docs/providers.md §3, §4).
public enum MetaOutboundLimits {
    /// Messenger `message.text`, in characters (docs/providers.md marks it unverified; Meta's reference says 2,000).
    public static let messengerText = 2000
    /// Instagram `message.text`: Meta's Instagram send-message page limits it to 1,000 UTF-8 bytes.
    public static let instagramTextBytes = 1000
    /// Quick replies per message.
    public static let quickReplies = 13
    /// Quick reply `title`.
    public static let quickReplyTitle = 20
    /// Quick reply `payload`.
    public static let quickReplyPayload = 1000
    /// Button template `text`.
    public static let buttonTemplateText = 640
    /// Button `title`.
    public static let buttonTitle = 20
    /// `message.metadata`.
    public static let metadata = 1000

    /// Throws `invalid_message` when `text` is longer than `limit` code points.
    static func check(_ text: String, max limit: Int, _ what: String, channel: Channel) throws(SwitchboardError) {
        let length = text.unicodeScalars.count
        guard length <= limit else {
            throw .invalidMessage("\(channel.rawValue) allows at most \(limit) characters in \(what), got \(length)")
        }
    }

    /// The text limit of the channel: characters on Messenger, UTF-8 bytes on Instagram.
    static func checkText(_ text: String, channel: Channel, _ what: String = "a text message") throws(SwitchboardError) {
        guard !text.isEmpty else { throw .invalidMessage("\(channel.rawValue) needs a non-empty content.text") }
        if channel == .instagram {
            let bytes = text.utf8.count
            guard bytes <= instagramTextBytes else {
                throw .invalidMessage("instagram allows at most \(instagramTextBytes) UTF-8 bytes in \(what), got \(bytes)")
            }
        } else {
            try check(text, max: messengerText, what, channel: channel)
        }
    }
}
