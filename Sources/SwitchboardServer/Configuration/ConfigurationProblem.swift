import SwitchboardCore

/// One problem in a configuration file: where (line, key path) and what.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line, or `nil` when the problem has no place (an empty file).
    public var line: Int?
    /// Dotted key path, e.g. `connections[0].secrets.app_secret`.
    public var key: String
    public var message: String

    public init(line: Int?, key: String, message: String) {
        self.line = line
        self.key = key
        self.message = message
    }

    /// `line 12: connections[0].provider: unknown provider "metta" (known: ...)`.
    public var description: String {
        let place = line.map { "line \($0)" } ?? "file"
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// A configuration that cannot be used, with every problem found (``CodedError``).
public struct ConfigurationError: CodedError {
    public struct Code: ErrorCode {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The file has problems; each is one of ``ConfigurationError/problems``.
        public static let invalidConfiguration: Code = "invalid_configuration"
    }

    public var problems: [ConfigurationProblem]
    public var underlying: (any Error & Sendable)?

    public init(problems: [ConfigurationProblem], underlying: (any Error & Sendable)? = nil) {
        self.problems = problems
        self.underlying = underlying
    }

    public var code: Code { .invalidConfiguration }

    /// Every problem, one per line.
    public var message: String { problems.map(\.description).joined(separator: "\n") }

    /// The problems alone, one per line (what `switchboard config check` prints).
    public var description: String { message }
}
