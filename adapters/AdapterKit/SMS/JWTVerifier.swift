import SwitchboardCore

/// Verifies HMAC-signed JSON Web Tokens (HS256, HS384, HS512), as Vonage's signed webhooks
/// (`Authorization: Bearer`, HS256) and MessageBird's `MessageBird-Signature-JWT` (HS256/384/512) use.
///
/// ``verify(_:key:algorithms:)`` checks structure, algorithm and signature only. Time claims need a
/// clock, which adapters do not have: ``checkTime(_:receivedAt:skewMilliseconds:required:)`` takes the time of
/// receipt from the caller (``InboundRequest/receivedAt``).
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
        /// `malformed`, `unsupported_algorithm`, `bad_signature`, `not_yet_valid`, `expired`, `issued_too_long_ago`,
        /// `issued_in_the_future`, `missing_claim`.
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

    /// Checks `nbf` and `exp` against `now`, allowing `leeway` seconds of clock skew
    /// (``checkTime(_:receivedAt:skewMilliseconds:required:)`` with `leeway` × 1000 ms).
    public static func checkTime(_ claims: JSONValue, now: Timestamp, leeway: Int64 = 1) throws(Failure) {
        try checkTime(claims, receivedAt: now, skewMilliseconds: leeway.multipliedReportingOverflow(by: 1000).partialValue)
    }

    /// Checks the time claims (NumericDate: unix seconds, possibly fractional) against `receivedAt`, allowing
    /// `skewMilliseconds` of clock skew in either direction:
    /// - `nbf`: refused (`not_yet_valid`) when later than `receivedAt` + skew;
    /// - `exp`: refused (`expired`) when `receivedAt` − skew is at or after it (the token is valid before `exp`);
    /// - `iat`: refused when more than the skew before `receivedAt` (`issued_too_long_ago`) or after it
    ///   (`issued_in_the_future`), both bounds included in the window.
    ///
    /// A claim named in `required` must be present (`missing_claim`); other absent claims pass. A claim that is
    /// not a finite number is `malformed` (compared as doubles, so no value can overflow). With `receivedAt`
    /// `nil` (off the server) the claims are read and required ones checked, but nothing is compared with a clock.
    public static func checkTime(
        _ claims: JSONValue, receivedAt: Timestamp?, skewMilliseconds: Int64, required: Set<String> = []
    ) throws(Failure) {
        let notBefore = try numericDate(claims, "nbf"), expiry = try numericDate(claims, "exp")
        let issuedAt = try numericDate(claims, "iat")
        let present = ["nbf": notBefore, "exp": expiry, "iat": issuedAt]
        for name in required.sorted() where present[name, default: nil] == nil {
            throw Failure(code: "missing_claim", message: "claim \(name) is missing")
        }
        guard let receivedAt else { return }
        let now = Double(receivedAt.milliseconds), skew = Double(max(0, skewMilliseconds))
        if let notBefore, now + skew < notBefore * 1000 {
            throw Failure(code: "not_yet_valid", message: "claim nbf is in the future")
        }
        if let expiry, now - skew >= expiry * 1000 {
            throw Failure(code: "expired", message: "claim exp is in the past")
        }
        if let issuedAt {
            let age = now - issuedAt * 1000
            if age > skew {
                throw Failure(
                    code: "issued_too_long_ago",
                    message: "claim iat is \(SignedTime.seconds(age)) s before receipt, more than the clock skew allows "
                        + "(\(SignedTime.seconds(skew)) s, limits.clock_skew_ms)")
            }
            if -age > skew {
                throw Failure(
                    code: "issued_in_the_future",
                    message: "claim iat is \(SignedTime.seconds(-age)) s after receipt, more than the clock skew allows "
                        + "(\(SignedTime.seconds(skew)) s, limits.clock_skew_ms)")
            }
        }
    }

    private static func numericDate(_ claims: JSONValue, _ name: String) throws(Failure) -> Double? {
        guard let claim = claims[name], !claim.isNull else { return nil }
        guard let value = claim.double else { throw Failure(code: "malformed", message: "claim \(name) is not a number") }
        return value
    }
}
