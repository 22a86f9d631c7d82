import AdapterKit
import SwitchboardCore

/// `MessageBird-Signature-JWT` (docs/providers.md §8): a JWT signed HS256/384/512 with the dashboard signing
/// key (secret `signing_key`), with claims `iss: "MessageBird"`, `nbf`, `exp`, `jti`, `url_hash` (hex
/// SHA-256 of the full request URL, query included) and `payload_hash` (hex SHA-256 of the body, present
/// if and only if the body is non-empty).
///
/// Adapters have no clock: the time claims are checked against the time the server received the request
/// (``InboundRequest/receivedAt``) with its clock skew (``InboundRequest/clockSkewMilliseconds``, default 5 minutes):
/// `exp` is required, `nbf` and `iat` are checked when present (``JWTVerifier/checkTime(_:receivedAt:skewMilliseconds:required:)``).
public enum MessageBirdSignature {
    /// The secret holding the signing key.
    public static let secretName = "signing_key"
    /// The header carrying the token.
    public static let headerName = "MessageBird-Signature-JWT"

    /// Checks a token for a request to `url` with `body`, received at `receivedAt` (time claims are compared with it
    /// allowing `skewMilliseconds`; with `nil`, only read: `exp` must be there).
    public static func verify(
        token: String, url: String, body: [UInt8], signingKey: String, receivedAt: Timestamp?,
        skewMilliseconds: Int64 = InboundRequest.defaultClockSkewMilliseconds
    ) -> VerificationResult {
        let verified: JWTVerifier.Token
        do {
            verified = try JWTVerifier.verify(token, key: Array(signingKey.utf8))
            try JWTVerifier.checkTime(verified.claims, receivedAt: receivedAt, skewMilliseconds: skewMilliseconds, required: ["exp"])
        } catch {
            return .invalid(reason: "invalid jwt: \(error.message)")
        }
        let claims = verified.claims
        guard claims["iss"]?.string == "MessageBird" else { return .invalid(reason: "invalid jwt: claim iss is not MessageBird") }
        let urlHash = Signature.hex(Signature.digest(.sha256, Array(url.utf8)))
        guard let claimedURL = claims["url_hash"]?.string, Signature.constantTimeEquals(urlHash, claimedURL.lowercased()) else {
            return .invalid(reason: "invalid jwt: claim url_hash is invalid")
        }
        switch (claims["payload_hash"]?.string, body.isEmpty) {
        case (nil, true): return .valid
        case (nil, false): return .invalid(reason: "invalid jwt: claim payload_hash is not set but payload is present")
        case (.some, true): return .invalid(reason: "invalid jwt: claim payload_hash is set but actual payload is missing")
        case (.some(let claimed), false):
            let payloadHash = Signature.hex(Signature.digest(.sha256, body))
            return Signature.constantTimeEquals(payloadHash, claimed.lowercased())
                ? .valid : .invalid(reason: "invalid jwt: claim payload_hash is invalid")
        }
    }

    /// `request` with a `MessageBird-Signature-JWT` (HS256 with the connection's `signing_key`) issued at `time`:
    /// `iss`, `nbf` one second before, `exp` five minutes after, `jti`, `url_hash` and, for a non-empty body,
    /// `payload_hash`. Unchanged without the key.
    public static func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        guard let key = connection.secrets[secretName]?.value, !key.isEmpty else { return request }
        let seconds = time.milliseconds / 1000
        var claims = JSONObject()
        claims.set("iss", "MessageBird")
        claims.set("nbf", .int(seconds - 1))
        claims.set("exp", .int(seconds + 300))
        claims.set("jti", .string(JWTSigner.tokenID(for: request, at: time)))
        claims.set("url_hash", .string(Signature.hex(Signature.digest(.sha256, Array(request.url.utf8)))))
        if !request.body.isEmpty {
            claims.set("payload_hash", .string(Signature.hex(Signature.digest(.sha256, request.body))))
        }
        var signed = request
        signed.setHeader(headerName, JWTSigner.token(claims: .object(claims), key: key))
        return signed
    }

    /// Checks a request against the connection's `signing_key`, its time claims against the request's time of receipt.
    public static func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        guard let key = connection.secrets[secretName]?.value, !key.isEmpty else {
            return .invalid(reason: "the connection has no \(secretName) secret")
        }
        guard let token = request.header(headerName), !token.isEmpty else { return .invalid(reason: "missing \(headerName) header") }
        return verify(
            token: token, url: request.url, body: request.body, signingKey: key, receivedAt: request.receivedAt,
            skewMilliseconds: request.clockSkewMilliseconds)
    }
}
