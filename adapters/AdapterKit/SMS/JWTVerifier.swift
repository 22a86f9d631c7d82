import SwitchboardCore

/// Verifies HMAC-signed JSON Web Tokens (HS256, HS384, HS512), as Vonage's signed webhooks
/// (`Authorization: Bearer`, HS256) and MessageBird's `MessageBird-Signature-JWT` (HS256/384/512) use.
///
/// ``verify(_:key:algorithms:)`` checks structure, algorithm and signature only. Time claims need a
/// clock, which adapters do not have: ``checkTime(_:now:leeway:)`` takes `now` from the caller.
public enum JWTVerifier {
    /// The HMAC algorithms a token may name in its `alg` header.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case hs256 = "HS256"
        case hs384 = "HS384"
        case hs512 = "HS512"

        var hmac: Signature.Algorithm {
            switch self {
            case .hs256: .sha256
            case .hs384: .sha384
            case .hs512: .sha512
            }
        }
    }

    /// A verified token.
    public struct Token: Sendable, Hashable {
        public var algorithm: Algorithm
        public var header: JSONValue
        public var claims: JSONValue
    }

    /// Why a token was refused. ``message`` is safe to log: it never contains the key.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// `malformed`, `unsupported_algorithm`, `bad_signature`, `not_yet_valid`, `expired`.
        public var code: String
        public var message: String
        public var description: String { "\(code): \(message)" }
    }

    /// Checks the token's form, that its `alg` is one of `algorithms` (never `none`), and its signature.
    public static func verify(
        _ token: String, key: [UInt8], algorithms: Set<Algorithm> = Set(Algorithm.allCases)
    ) throws(Failure) -> Token {
        let parts = token.trimmingWhitespace().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64.decode(String(parts[0])),
            let claimBytes = Base64.decode(String(parts[1])), let signature = Base64.decode(String(parts[2]))
        else { throw Failure(code: "malformed", message: "the token is not three base64url parts") }
        guard let header = try? JSONParser.parse(headerBytes), header.object != nil,
            let claims = try? JSONParser.parse(claimBytes), claims.object != nil
        else { throw Failure(code: "malformed", message: "the token header or claims are not JSON objects") }
        let name = header["alg"]?.string ?? ""
        guard let algorithm = Algorithm(rawValue: name), algorithms.contains(algorithm) else {
            throw Failure(code: "unsupported_algorithm", message: "signing method \(name.isEmpty ? "(none)" : name) is invalid")
        }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        let expected = Signature.hmac(algorithm.hmac, key: key, message: signingInput)
        guard Signature.constantTimeEquals(expected, signature) else {
            throw Failure(code: "bad_signature", message: "signature is invalid")
        }
        return Token(algorithm: algorithm, header: header, claims: claims)
    }

    /// Checks `nbf` and `exp` (NumericDate: unix seconds, possibly fractional) against `now`, allowing
    /// `leeway` seconds of clock skew. Absent claims pass; a claim that is not a finite number is `malformed`
    /// (compared as doubles, so no value can overflow).
    public static func checkTime(_ claims: JSONValue, now: Timestamp, leeway: Int64 = 1) throws(Failure) {
        let seconds = Double(now.milliseconds / 1000), slack = Double(leeway)
        if let notBefore = try numericDate(claims, "nbf"), seconds + slack < notBefore {
            throw Failure(code: "not_yet_valid", message: "claim nbf is in the future")
        }
        if let expiry = try numericDate(claims, "exp"), seconds - slack >= expiry {
            throw Failure(code: "expired", message: "claim exp is in the past")
        }
    }

    private static func numericDate(_ claims: JSONValue, _ name: String) throws(Failure) -> Double? {
        guard let claim = claims[name], !claim.isNull else { return nil }
        guard let value = claim.double else { throw Failure(code: "malformed", message: "claim \(name) is not a number") }
        return value
    }
}
