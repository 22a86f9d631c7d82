import AdapterKit
import HTTPTypes
import Hummingbird
import SwitchboardCore

/// `Authorization: Bearer <key>` against the configured API keys (constant-time), with each key's scope.
struct APIKeyAuthenticator: Sendable {
    /// An authenticated caller.
    struct Caller: Sendable {
        /// A stable, non-secret id of the key (first 16 hex digits of its SHA-256): scopes idempotency keys.
        var keyID: String
        /// Connection names the key may use; empty = all.
        var connections: Set<String>

        func may(use connection: String) -> Bool { connections.isEmpty || connections.contains(connection) }
    }

    /// Shared by every copy, so a reload (``replaceKeys(_:)``) reaches every API at once.
    private let box: Locked<[APIKeyConfig]>

    init(keys: [APIKeyConfig]) { box = Locked(keys) }

    /// The keys in force.
    var keys: [APIKeyConfig] { box.withLock { $0 } }

    /// Replaces the keys (a configuration reload).
    func replaceKeys(_ keys: [APIKeyConfig]) { box.withLock { $0 = keys } }

    /// The caller, or `nil` when the header is missing or the key unknown.
    func authenticate(_ request: Request) -> Caller? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        let presented = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        guard !presented.isEmpty else { return nil }
        var match: APIKeyConfig?
        for key in self.keys where Signature.constantTimeEquals(Array(key.key.value.utf8), presented) && !key.key.value.isEmpty {
            match = key
        }
        guard let match else { return nil }
        return Caller(keyID: String(Signature.hex(Signature.digest(.sha256, presented)).prefix(16)), connections: match.connections)
    }
}
