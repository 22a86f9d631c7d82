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

extension SwitchboardError {
    /// The longest part of a refused value quoted in an error message.
    static let quotedValueLimit = 64

    /// A value a field cannot hold: `malformed_body` with `<field>: <value> is not <expected>`, the value
    /// as the body wrote it (cut to 64 characters; control characters escaped as in JSON).
    public static func impossibleValue(_ field: String, _ value: String, expected: String) -> SwitchboardError {
        var text = value.count > quotedValueLimit ? String(value.prefix(quotedValueLimit)) + "…" : value
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            text = JSONValue.string(text).canonicalText
        }
        return .malformed("\(field): \(text) is not \(expected)")
    }

    /// A JSON value a field cannot hold, as ``impossibleValue(_:_:expected:)``: a number or a string is
    /// quoted as its text, anything else as JSON.
    public static func impossibleValue(_ field: String, _ value: JSONValue, expected: String) -> SwitchboardError {
        impossibleValue(field, value.identifier ?? value.canonicalText, expected: expected)
    }
}
