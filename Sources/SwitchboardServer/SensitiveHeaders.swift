import SwitchboardCore

/// Headers that carry credentials or signatures: never stored in quarantine, never recorded,
/// never logged.
public enum SensitiveHeaders {
    /// Name fragments (lower-case) that mark a header as sensitive.
    static let fragments = ["authorization", "signature", "secret", "token", "api-key", "apikey", "cookie", "password"]

    /// Whether `name` carries a credential or a signature.
    public static func isSensitive(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return fragments.contains { lowered.contains($0) }
    }

    /// `headers` without the sensitive ones.
    public static func removing(from headers: [HTTPField]) -> [HTTPField] {
        headers.filter { !isSensitive($0.name) }
    }
}
