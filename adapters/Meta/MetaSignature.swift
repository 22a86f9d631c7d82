import AdapterKit
import SwitchboardCore

/// Meta's webhook authentication: `X-Hub-Signature-256` and the `hub.challenge` handshake.
///
/// - `X-Hub-Signature-256: sha256=<64 hex>` is HMAC-SHA256 of the **raw** body keyed with the App
///   Secret (connection secret `app_secret`). A header that is not exactly 71 characters or lacks the
///   `sha256=` prefix is refused before any HMAC is computed (Courier's rule). Hex digits may be in
///   either case; the comparison is over the decoded bytes, in constant time.
/// - The legacy `X-Hub-Signature: sha1=<40 hex>` header is **not** accepted on its own: Meta sends
///   `X-Hub-Signature-256` on every webhook today, and accepting SHA-1 would let a stripped header
///   downgrade the check. A connection that really receives SHA-1-only webhooks can opt in with the
///   option `legacy_sha1_signature: "true"`; the SHA-256 header is still preferred when both are present.
enum MetaSignature {
    /// The header Meta signs with.
    static let header = "X-Hub-Signature-256"
    /// The legacy SHA-1 header.
    static let legacyHeader = "X-Hub-Signature"

    /// Checks a webhook POST.
    static func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        guard let secret = connection.secrets["app_secret"]?.value, !secret.isEmpty else {
            return .invalid(reason: "the connection has no app_secret secret to check \(header) with")
        }
        if let value = request.header(header) {
            return check(value, prefix: "sha256=", hexLength: 64, algorithm: .sha256, secret: secret, body: request.body)
        }
        if let legacy = request.header(legacyHeader) {
            guard connection.options["legacy_sha1_signature"] == "true" else {
                return .invalid(
                    reason: "missing \(header) header (the legacy SHA-1 \(legacyHeader) alone is not accepted; "
                        + "set the option legacy_sha1_signature to allow it)")
            }
            return check(legacy, prefix: "sha1=", hexLength: 40, algorithm: .sha1, secret: secret, body: request.body)
        }
        return .invalid(reason: "missing \(header) header")
    }

    /// `request` with `X-Hub-Signature-256` for its body, keyed with the connection's `app_secret` (unchanged without one).
    static func sign(_ request: InboundRequest, connection: ConnectionConfig) -> InboundRequest {
        guard let secret = connection.secrets["app_secret"]?.value, !secret.isEmpty else { return request }
        var signed = request
        signed.setHeader(header, "sha256=" + Signature.hex(Signature.hmac(.sha256, key: secret, message: request.body)))
        return signed
    }

    private static func check(
        _ value: String, prefix: String, hexLength: Int, algorithm: Signature.Algorithm, secret: String, body: [UInt8]
    ) -> VerificationResult {
        let name = algorithm == .sha256 ? header : legacyHeader
        let bytes = Array(value.utf8)
        guard bytes.count == prefix.utf8.count + hexLength else {
            return .invalid(
                reason: "\(name) must be \(prefix.utf8.count + hexLength) characters (\(prefix)<\(hexLength) hex>), got \(bytes.count)")
        }
        guard value.hasPrefix(prefix) else { return .invalid(reason: "\(name) must start with \"\(prefix)\"") }
        guard let given = Signature.unhex(String(value.dropFirst(prefix.count))) else {
            return .invalid(reason: "\(name) is not hexadecimal")
        }
        let expected = Signature.hmac(algorithm, key: secret, message: body)
        guard Signature.constantTimeEquals(given, expected) else {
            return .invalid(reason: "\(name) does not match the body (wrong app secret, or the body was altered)")
        }
        return .valid
    }

    /// Answers `GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`.
    ///
    /// `nil` when the request is not a handshake (not a GET, or no `hub.mode`); `200` with the bare
    /// challenge when the mode is `subscribe` and the token equals the connection's `verify_token`
    /// (compared in constant time); `403` otherwise.
    static func handshake(_ request: InboundRequest, connection: ConnectionConfig) -> HandshakeResponse? {
        guard request.method.uppercased() == "GET" else { return nil }
        let query = request.queryItems
        func item(_ name: String) -> String? { query.first { $0.name == name }?.value }
        guard let mode = item("hub.mode") else { return nil }
        guard mode == "subscribe" else { return HandshakeResponse(status: 403, body: "hub.mode must be subscribe") }
        guard let expected = connection.secrets["verify_token"]?.value, !expected.isEmpty else {
            return HandshakeResponse(status: 403, body: "no verify token is configured for this connection")
        }
        guard let token = item("hub.verify_token"), Signature.constantTimeEquals(token, expected) else {
            return HandshakeResponse(status: 403, body: "verify token mismatch")
        }
        guard let challenge = item("hub.challenge") else { return HandshakeResponse(status: 400, body: "missing hub.challenge") }
        return HandshakeResponse(status: 200, contentType: "text/plain", body: challenge)
    }
}
