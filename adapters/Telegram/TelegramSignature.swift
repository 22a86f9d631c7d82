import AdapterKit
import SwitchboardCore

/// Telegram's webhook authentication: the `secret_token` given to `setWebhook` comes back on every
/// delivery in the `X-Telegram-Bot-Api-Secret-Token` header (docs/providers.md §5). There is no body HMAC.
enum TelegramSignature {
    /// The header Telegram sends the secret token in.
    static let headerName = "X-Telegram-Bot-Api-Secret-Token"

    /// The connection secret holding the `secret_token` registered with `setWebhook`.
    static let secretName = "secret_token"

    /// `request` with the connection's `secret_token` in ``headerName`` (unchanged without one).
    static func sign(_ request: InboundRequest, connection: ConnectionConfig) -> InboundRequest {
        guard let token = connection.secrets[secretName]?.value, !token.isEmpty else { return request }
        var signed = request
        signed.setHeader(headerName, token)
        return signed
    }

    /// Compares the header with the connection's `secret_token` in constant time.
    ///
    /// Both values are hashed with SHA-256 first and the digests compared byte by byte, so the time taken
    /// depends neither on where they differ nor on the secret's length. A connection without a
    /// `secret_token` refuses every request: an unauthenticated webhook would accept forged updates.
    static func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        guard let expected = connection.secrets[secretName]?.value, !expected.isEmpty else {
            return .invalid(
                reason: "the connection has no secret_token secret; register one with setWebhook(secret_token:) and configure it")
        }
        guard let presented = request.header(headerName) else {
            return .invalid(reason: "missing \(headerName) header")
        }
        let matches = Signature.constantTimeEquals(
            Signature.digest(.sha256, Array(presented.utf8)), Signature.digest(.sha256, Array(expected.utf8)))
        return matches ? .valid : .invalid(reason: "\(headerName) does not match the connection's secret_token")
    }
}
