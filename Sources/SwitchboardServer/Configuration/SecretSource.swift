import AdapterKit
import Foundation

/// Resolves secret values written in the configuration: `${NAME}` from the environment,
/// `file:/path` from a file (trailing newline dropped), anything else literally.
public struct SecretSource: Sendable {
    public var environment: [String: String]
    /// Reads a file's text; injectable for tests.
    public var readFile: @Sendable (String) throws -> String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: @escaping @Sendable (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) {
        self.environment = environment
        self.readFile = readFile
    }

    /// The secret for `text`, or a sentence saying why there is none.
    public func resolve(_ text: String) -> Result<Secret, ResolutionFailure> {
        if text.hasPrefix("${"), text.hasSuffix("}") {
            let name = String(text.dropFirst(2).dropLast())
            guard !name.isEmpty else { return .failure(ResolutionFailure(message: "empty environment variable name")) }
            guard let value = environment[name], !value.isEmpty else {
                return .failure(ResolutionFailure(message: "environment variable \(name) is not set"))
            }
            return .success(Secret(value))
        }
        if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            do {
                var value = try readFile(path)
                while value.hasSuffix("\n") || value.hasSuffix("\r") { value.removeLast() }
                guard !value.isEmpty else { return .failure(ResolutionFailure(message: "secret file \(path) is empty")) }
                return .success(Secret(value))
            } catch {
                return .failure(ResolutionFailure(message: "cannot read secret file \(path)"))
            }
        }
        return .success(Secret(text))
    }

    /// Why a secret could not be resolved (never contains the secret).
    public struct ResolutionFailure: Error, Sendable {
        public var message: String
    }
}
