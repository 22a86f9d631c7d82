/// A Bot API `error_code` (HTTP-like numbers); an open set, so codes this build does not name still round-trip.
///
/// Telegram's codes are coarse: what a `400` or a `403` means is in the `description`, which
/// ``Reason`` reads (docs/providers.md §5 "Errors").
struct TelegramErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    var rawValue: Int
    init(rawValue: Int) { self.rawValue = rawValue }
    var description: String { String(rawValue) }

    /// A malformed or impossible request (chat not found, text too long, bad file_id, group migrated).
    static let badRequest = TelegramErrorCode(rawValue: 400)
    /// The bot token was revoked or is wrong.
    static let unauthorized = TelegramErrorCode(rawValue: 401)
    /// The bot may not write to this chat (blocked, deactivated user, never started, kicked).
    static let forbidden = TelegramErrorCode(rawValue: 403)
    /// A malformed token or an unknown method in the URL.
    static let notFound = TelegramErrorCode(rawValue: 404)
    /// Webhook / getUpdates conflict: two consumers for one token.
    static let conflict = TelegramErrorCode(rawValue: 409)
    /// Flood control; `parameters.retry_after` says how long to wait.
    static let tooManyRequests = TelegramErrorCode(rawValue: 429)

    /// Whether this is a server-side error (5xx) worth retrying.
    var isServerError: Bool { (500..<600).contains(rawValue) }

    /// What an error `description` says, for the cases that need different handling.
    enum Reason: String, Sendable, CaseIterable {
        case blockedByUser = "bot was blocked by the user"
        case userDeactivated = "user is deactivated"
        case cannotInitiate = "bot can't initiate conversation"
        case kickedFromChat = "bot was kicked"
        case notAMember = "bot is not a member"
        case chatNotFound = "chat not found"
        case messageTooLong = "message is too long"
        case captionTooLong = "message caption is too long"
        case wrongFileID = "wrong file_id"
        case fileUnavailable = "file is temporarily unavailable"
        case callbackTooOld = "query is too old"

        /// The reason a description names (case-insensitive substring match), or `nil`.
        init?(description: String) {
            let lowered = description.lowercased()
            guard let reason = Reason.allCases.first(where: { lowered.contains($0.rawValue) }) else { return nil }
            self = reason
        }
    }
}
