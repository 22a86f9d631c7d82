/// The person on the other side of a conversation.
public struct Contact: Sendable, Hashable {
    /// The address to reply to on this channel: wa_id or BSUID, PSID, IGSID, Telegram chat id,
    /// lower-cased email address, or E.164 phone number with `+`.
    public var id: String
    /// Display name, where the provider gives one.
    public var name: String?
    /// Username (WhatsApp username, Instagram handle, Telegram @username without `@`).
    public var username: String?
    /// Phone number, when it is known and differs from `id` (for example a BSUID contact's phone).
    public var phone: String?

    public init(id: String, name: String? = nil, username: String? = nil, phone: String? = nil) {
        self.id = id
        self.name = name
        self.username = username
        self.phone = phone
    }
}
