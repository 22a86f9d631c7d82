import SwitchboardCore

/// The WhatsApp Cloud API limits the encoder enforces before a message leaves the gateway
/// (docs/providers.md §2.4, §2.6; Meta's interactive-message reference).
///
/// Lengths count Unicode scalars (code points), which is at least as strict as Meta's own count.
public enum WhatsAppCloudOutboundLimits {
    /// `text.body`.
    public static let textBody = 4096
    /// Media `caption`.
    public static let caption = 1024
    /// Interactive `body.text` for reply buttons and `cta_url`.
    public static let interactiveBody = 1024
    /// Interactive `body.text` for lists.
    public static let listBody = 4096
    /// Interactive text header.
    public static let headerText = 60
    /// Interactive `footer.text`.
    public static let footerText = 60
    /// Reply buttons per message.
    public static let replyButtons = 3
    /// Reply button `title`.
    public static let buttonTitle = 20
    /// Reply button `id`.
    public static let buttonID = 256
    /// List `action.button` (the label that opens the list).
    public static let listButton = 20
    /// Sections per list.
    public static let listSections = 10
    /// Rows per list, all sections together.
    public static let listRows = 10
    /// List section `title`.
    public static let sectionTitle = 24
    /// List row `id`.
    public static let rowID = 200
    /// List row `title`.
    public static let rowTitle = 24
    /// List row `description`.
    public static let rowDescription = 72
    /// `cta_url` `display_text`.
    public static let ctaDisplayText = 20
    /// `biz_opaque_callback_data`.
    public static let callbackData = 512

    /// Throws `invalid_message` when `text` is longer than `limit` code points.
    static func check(_ text: String, max limit: Int, _ what: String) throws(SwitchboardError) {
        let length = text.unicodeScalars.count
        guard length <= limit else {
            throw .invalidMessage("whatsapp allows at most \(limit) characters in \(what), got \(length)")
        }
    }

    /// Throws `invalid_message` when `text` is empty or longer than `limit`.
    static func checkNonEmpty(_ text: String?, max limit: Int, _ what: String) throws(SwitchboardError) -> String {
        guard let text, !text.isEmpty else { throw .invalidMessage("whatsapp needs \(what)") }
        try check(text, max: limit, what)
        return text
    }
}
