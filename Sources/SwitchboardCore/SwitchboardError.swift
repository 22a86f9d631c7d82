/// An error of the canonical model, the adapters and the tools around them: a typed code and a sentence for people
/// (``CodedError``).
public typealias SwitchboardError = CodedFailure<SwitchboardErrorCode>

/// The stable codes of ``SwitchboardError``, e.g. `malformed_body`, `not_for_provider`, `unsupported_content`.
public struct SwitchboardErrorCode: ErrorCode {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The body is not valid JSON (or form, or MIME), or holds a value its field cannot.
    public static let malformedBody: Self = "malformed_body"
    /// The body is well-formed but not a payload this provider sends.
    public static let notForProvider: Self = "not_for_provider"
    /// An outbound message that is incomplete or inconsistent.
    public static let invalidMessage: Self = "invalid_message"
    /// The channel or provider cannot carry this content.
    public static let unsupportedContent: Self = "unsupported_content"
    /// A required secret is missing from the connection.
    public static let missingSecret: Self = "missing_secret"
    /// A connection's settings cannot be used.
    public static let invalidConnection: Self = "invalid_connection"
    /// No adapter for the provider.
    public static let unknownProvider: Self = "unknown_provider"
    /// A fixture file or folder that is not one.
    public static let notAFixture: Self = "not_a_fixture"
    /// A fixture that does not exist.
    public static let fixtureNotFound: Self = "fixture_not_found"
    /// A mock-provider fault spec or plan that cannot be read.
    public static let invalidFaultSpec: Self = "invalid_fault_spec"
    public static let invalidFaultPlan: Self = "invalid_fault_plan"
    /// A configuration value that cannot be used.
    public static let invalidConfig: Self = "invalid_config"
}

extension SwitchboardError {
    /// The body is not valid JSON (or form, or MIME) at all.
    public static func malformed(_ message: String) -> SwitchboardError { .init(code: .malformedBody, message: message) }
    /// The body is well-formed but not a payload this provider sends.
    public static func notForProvider(_ message: String) -> SwitchboardError { .init(code: .notForProvider, message: message) }
    /// An outbound message that is incomplete or inconsistent.
    public static func invalidMessage(_ message: String) -> SwitchboardError { .init(code: .invalidMessage, message: message) }
    /// The channel cannot carry this content type.
    public static func unsupportedContent(channel: Channel, type: ContentType) -> SwitchboardError {
        .init(code: .unsupportedContent, message: "\(channel.rawValue) cannot send content of type \(type.rawValue)")
    }
    /// A required secret is missing from the connection.
    public static func missingSecret(_ name: String) -> SwitchboardError {
        .init(code: .missingSecret, message: "the connection has no \(name) secret")
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
