/// A stable, machine-readable error code, in the style of postgres-nio's `PSQLError.Code`: a small value type
/// per error type with a static member per code (`StoreError.Code.closed`), compared as values and printed as
/// its text. A string literal still makes a code (the tests write the documented text).
public protocol ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral
where RawValue == String {
    init(rawValue: String)
}

extension ErrorCode {
    /// The code's text, e.g. `malformed_body`.
    public var description: String { rawValue }

    public init(stringLiteral value: String) { self.init(rawValue: value) }
}

/// The one shape of the project's errors: a typed ``ErrorCode``, one line for people, and the error underneath
/// when there is one (kept for logs and debugging; never part of the text a user sees).
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    associatedtype Code: ErrorCode
    /// What went wrong, for programs.
    var code: Code { get }
    /// What went wrong, in one line, for people.
    var message: String { get }
    /// The lower-level error this one wraps, if any.
    var underlying: (any Error & Sendable)? { get }
}

extension CodedError {
    /// `<code>: <message>`.
    public var description: String { "\(code): \(message)" }
}

extension CodedError where Self: Hashable {
    /// Equal when code and message are (the underlying error is not compared).
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.message == rhs.message }

    /// Hashes what ``==`` compares: the code and the message.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }
}

/// The project's errors with nothing beyond the shape (``SwitchboardError``, `StoreError`, `TransportError`): one
/// struct, specialised by the code type, so each error type is its codes and nothing else.
public struct CodedFailure<Code: ErrorCode>: CodedError, Hashable {
    public var code: Code
    public var message: String
    public var underlying: (any Error & Sendable)?

    public init(code: Code, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }
}
