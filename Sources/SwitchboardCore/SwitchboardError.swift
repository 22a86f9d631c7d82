/// An error with a stable machine-readable code and a sentence for people.
public struct SwitchboardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable code, e.g. `invalid_json`, `not_for_provider`, `unsupported_content`.
    public var code: String
    /// What went wrong, in one line.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// The body is not valid JSON (or form, or MIME) at all.
    public static func malformed(_ message: String) -> SwitchboardError { .init(code: "malformed_body", message: message) }
    /// The body is well-formed but not a payload this provider sends.
    public static func notForProvider(_ message: String) -> SwitchboardError { .init(code: "not_for_provider", message: message) }
    /// An outbound message that is incomplete or inconsistent.
    public static func invalidMessage(_ message: String) -> SwitchboardError { .init(code: "invalid_message", message: message) }
    /// The channel cannot carry this content type.
    public static func unsupportedContent(channel: Channel, type: ContentType) -> SwitchboardError {
        .init(code: "unsupported_content", message: "\(channel.rawValue) cannot send content of type \(type.rawValue)")
    }
    /// A required secret is missing from the connection.
    public static func missingSecret(_ name: String) -> SwitchboardError {
        .init(code: "missing_secret", message: "the connection has no \(name) secret")
    }
}
