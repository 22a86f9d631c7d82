import SwitchboardCore

/// Issues HMAC-signed JSON Web Tokens, the counterpart of ``JWTVerifier``: what a webhook signed the way Vonage
/// (`Authorization: Bearer`) and MessageBird (`MessageBird-Signature-JWT`) sign theirs carries
/// (``ChannelAdapter/sign(_:connection:at:)``).
public enum JWTSigner {
    /// A compact token: header `{"alg":…,"typ":"JWT"}`, `claims` written with sorted keys, both base64url, and the
    /// HMAC of `header.claims` keyed with `key`.
    public static func token(claims: JSONValue, key: String, algorithm: JWTVerifier.Algorithm = .hs256) -> String {
        let header = Base64.encode(Array(#"{"alg":"\#(algorithm.rawValue)","typ":"JWT"}"#.utf8), alphabet: .url, padded: false)
        let payload = Base64.encode(JSONWriter(sortedKeys: true).bytes(claims), alphabet: .url, padded: false)
        let signature = Signature.hmac(algorithm.hmac, key: Array(key.utf8), message: Array("\(header).\(payload)".utf8))
        return "\(header).\(payload).\(Base64.encode(signature, alphabet: .url, padded: false))"
    }

    /// A token id (`jti`) for a token signed at `time` over `request`: hex of the first 16 bytes of the SHA-256 of
    /// the time, URL and body. Derived rather than random, so that signing stays a pure function; two different
    /// requests, or one request signed at two times, get different ids.
    public static func tokenID(for request: InboundRequest, at time: Timestamp) -> String {
        let material = Array("\(time.milliseconds) \(request.url) ".utf8) + request.body
        return Signature.hex(Array(Signature.digest(.sha256, material).prefix(16)))
    }
}
