import AdapterKit
import Foundation
import SwitchboardCore

/// Vonage webhook signatures (docs/providers.md §7).
///
/// - SMS API `sig`: every parameter except `sig` (query, form or top-level JSON), `&` and `=` in values
///   replaced by `_`, sorted by name, joined as `&k1=v1&k2=v2`; then `md5hash` (default):
///   lower-case hex MD5 of base + secret, or HMAC-MD5/SHA1/SHA256/SHA512 keyed with the secret
///   (option `signature_method`: `md5hash`, `md5`, `sha1`, `sha256`, `sha512`). Compared ignoring case.
///   The signed `timestamp` (unix seconds) must be present and within the clock skew of the time of receipt
///   (``InboundRequest/receivedAt``, ``InboundRequest/clockSkewMilliseconds``; ``SignedTime``).
/// - Messages API: `Authorization: Bearer <JWT>`, HS256 with the same secret, whose `payload_hash`
///   claim is the hex SHA-256 of the raw body. Its `iat` must be present and within the clock skew of the time of
///   receipt, in both directions; `nbf` and `exp`, when present, are checked too (``JWTVerifier``).
///
/// The secret is the connection's `signature_secret`.
public enum VonageSignature {
    /// The secret holding the signature secret.
    public static let secretName = "signature_secret"

    /// How an SMS API signature is computed.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case md5hash, md5, sha1, sha256, sha512
    }

    /// The `sig` for `parameters` (`sig` itself is skipped if present).
    public static func compute(parameters: [(name: String, value: String)], secret: String, method: Method = .md5hash) -> String {
        let signed = parameters.filter { $0.name != "sig" }.map { parameter in
            (
                name: parameter.name,
                value: parameter.value.replacingOccurrences(of: "&", with: "_").replacingOccurrences(of: "=", with: "_")
            )
        }
        let sorted = signed.enumerated().sorted { lhs, rhs in
            let left = Array(lhs.element.name.utf8), right = Array(rhs.element.name.utf8)
            return left == right ? lhs.offset < rhs.offset : left.lexicographicallyPrecedes(right)
        }
        let base = sorted.map { "&\($0.element.name)=\($0.element.value)" }.joined()
        switch method {
        case .md5hash: return Signature.hex(Signature.digest(.md5, Array((base + secret).utf8)))
        case .md5: return Signature.hex(Signature.hmac(.md5, key: secret, message: Array(base.utf8))).uppercased()
        case .sha1: return Signature.hex(Signature.hmac(.sha1, key: secret, message: Array(base.utf8))).uppercased()
        case .sha256: return Signature.hex(Signature.hmac(.sha256, key: secret, message: Array(base.utf8))).uppercased()
        case .sha512: return Signature.hex(Signature.hmac(.sha512, key: secret, message: Array(base.utf8))).uppercased()
        }
    }

    /// The signed request's `timestamp` (unix seconds).
    public static func signedTimestamp(of request: InboundRequest) -> Int64? {
        (try? WebhookFields(request: request))?["timestamp"].flatMap { Int64($0) }
    }

    /// Checks a request: a Bearer JWT when there is one, else the `sig` parameter; then the signed time against the
    /// time of receipt.
    public static func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        guard let secret = connection.secrets[secretName]?.value, !secret.isEmpty else {
            return .invalid(reason: "the connection has no \(secretName) secret")
        }
        if let authorization = request.header("Authorization"), authorization.lowercased().hasPrefix("bearer ") {
            return verifyJWT(
                String(authorization.dropFirst(7)), body: request.body, secret: secret, receivedAt: request.receivedAt,
                skewMilliseconds: request.clockSkewMilliseconds)
        }
        guard let fields = try? WebhookFields(request: request), let given = fields["sig"] else {
            return .invalid(reason: "no sig parameter and no Authorization: Bearer token")
        }
        let name = connection.options["signature_method"]?.lowercased() ?? Method.md5hash.rawValue
        guard let method = Method(rawValue: name) else { return .invalid(reason: "unknown signature_method \(name)") }
        let expected = compute(parameters: fields.fields, secret: secret, method: method)
        guard Signature.constantTimeEquals(expected.lowercased(), given.lowercased()) else { return .invalid(reason: "sig does not match") }
        do {
            try SignedTime.check(fields["timestamp"].flatMap { Int64($0) }, field: "timestamp", request: request)
        } catch {
            return .invalid(reason: error.description)
        }
        return .valid
    }

    /// `request` with a Messages API `Authorization: Bearer` JWT (HS256 with the connection's `signature_secret`;
    /// claims `iat`, `jti` and `payload_hash`) issued at `time`; unchanged without the secret.
    public static func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        guard let secret = connection.secrets[secretName]?.value, !secret.isEmpty else { return request }
        let claims: JSONValue = [
            "iat": .int(time.milliseconds / 1000), "jti": .string(JWTSigner.tokenID(for: request, at: time)),
            "payload_hash": .string(Signature.hex(Signature.digest(.sha256, request.body))),
        ]
        var signed = request
        signed.setHeader("Authorization", "Bearer " + JWTSigner.token(claims: claims, key: secret))
        return signed
    }

    /// Checks a Messages API JWT: HS256 signature with `secret`, its time claims against `receivedAt` (`iat` required
    /// and within `skewMilliseconds`; ``JWTVerifier/checkTime(_:receivedAt:skewMilliseconds:required:)``), then
    /// `payload_hash` against the body.
    public static func verifyJWT(
        _ token: String, body: [UInt8], secret: String, receivedAt: Timestamp?,
        skewMilliseconds: Int64 = InboundRequest.defaultClockSkewMilliseconds
    ) -> VerificationResult {
        let verified: JWTVerifier.Token
        do {
            verified = try JWTVerifier.verify(token, key: Array(secret.utf8), algorithms: [.hs256])
            try JWTVerifier.checkTime(verified.claims, receivedAt: receivedAt, skewMilliseconds: skewMilliseconds, required: ["iat"])
        } catch {
            return .invalid(reason: "invalid JWT: \(error.message)")
        }
        let actual = Signature.hex(Signature.digest(.sha256, body))
        guard let claimed = verified.claims["payload_hash"]?.string else {
            return body.isEmpty ? .valid : .invalid(reason: "invalid JWT: no payload_hash claim for a non-empty body")
        }
        return Signature.constantTimeEquals(actual, claimed.lowercased())
            ? .valid : .invalid(reason: "invalid JWT: payload_hash does not match the body")
    }
}
