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

/// A configuration that cannot be used, with every problem found.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
