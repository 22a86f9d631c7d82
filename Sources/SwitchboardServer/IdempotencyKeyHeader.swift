import HTTPTypes
import Hummingbird

/// An idempotency key (the `Idempotency-Key` header of `POST /v1/messages` and `POST /v1/connections/{name}/balance`,
/// or a message's `idempotency_key`): 1 to ``maxLength`` bytes of visible ASCII and spaces (a UUID fits), so a key
/// is stored, logged and compared as sent.
enum IdempotencyKeyHeader {
    /// The longest key, in bytes.
    static let maxLength = 255

    static let name = HTTPField.Name("Idempotency-Key")!

    static let remedy = "use a UUID or another short printable key, the same on every retry of one request"

    /// What is wrong with `key`, or `nil` when it is a valid key.
    static func problem(_ key: String) -> String? {
        let bytes = Array(key.utf8)
        guard bytes.isEmpty || bytes.count > maxLength || !bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return "an idempotency key must be 1 to \(maxLength) bytes of visible ASCII (this one is \(bytes.count) bytes)"
    }

    /// The header of `request`: `nil` when it has none, or the answer to a bad one (`400 invalid_idempotency_key`).
    static func read(_ request: Request) -> Result<String?, ResponseProblem> {
        guard let key = request.headers[name] else { return .success(nil) }
        if let problem = problem(key) {
            return .failure(ResponseProblem(APIProblem.response(.badRequest, "invalid_idempotency_key", problem, remedy: remedy)))
        }
        return .success(key)
    }
}
