import AdapterKit
import SwitchboardCore
import Testing

/// The time checks of signed webhooks at the edges of the clock skew: a signed time exactly the skew away from the
/// time of receipt is accepted, one second further refused, in both directions (pure: no clock is read).
@Suite struct ClockSkewTests {
    static let issued: Int64 = 1_714_564_800
    static let skew: Int64 = 300_000

    /// The failure code of checking `claims` received at `seconds`, or `nil` when accepted.
    func code(_ claims: JSONValue, at seconds: Int64, required: Set<String> = []) -> String? {
        do {
            try JWTVerifier.checkTime(claims, receivedAt: Timestamp(seconds: seconds), skewMilliseconds: Self.skew, required: required)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("iat: accepted from skew before receipt to skew after, refused one second beyond either bound")
    func issuedAtBothDirections() {
        let claims: JSONValue = ["iat": .int(Self.issued)]
        #expect(code(claims, at: Self.issued) == nil)
        #expect(code(claims, at: Self.issued + 300) == nil)
        #expect(code(claims, at: Self.issued + 301) == "issued_too_long_ago")
        #expect(code(claims, at: Self.issued - 300) == nil)
        #expect(code(claims, at: Self.issued - 301) == "issued_in_the_future")
    }

    @Test("nbf: accepted up to skew before it, refused one second earlier; exp: refused from skew after it")
    func notBeforeAndExpiry() {
        let claims: JSONValue = ["nbf": .int(Self.issued), "exp": .int(Self.issued + 60)]
        #expect(code(claims, at: Self.issued - 300) == nil)
        #expect(code(claims, at: Self.issued - 301) == "not_yet_valid")
        #expect(code(claims, at: Self.issued + 60 + 299) == nil)
        #expect(code(claims, at: Self.issued + 60 + 300) == "expired")
    }

    @Test("a required claim must be present even off the server; without a time of receipt nothing is compared")
    func requiredClaimsAndNoClock() throws {
        #expect(code(["exp": .int(Self.issued)], at: Self.issued, required: ["iat"]) == "missing_claim")
        try JWTVerifier.checkTime(["iat": .int(0), "exp": .int(1)], receivedAt: nil, skewMilliseconds: Self.skew, required: ["iat"])
        #expect(throws: JWTVerifier.Failure.self) {
            try JWTVerifier.checkTime(["nbf": .int(0)], receivedAt: nil, skewMilliseconds: Self.skew, required: ["exp"])
        }
        #expect(throws: JWTVerifier.Failure.self) {
            try JWTVerifier.checkTime(["iat": "yesterday"], receivedAt: nil, skewMilliseconds: Self.skew)
        }
    }

    @Test("a signed unix timestamp: accepted within the skew either way, refused one second beyond or when missing")
    func signedTimestamp() {
        func code(_ signed: Int64?, at seconds: Int64?) -> String? {
            var request = InboundRequest(body: [])
            request.receivedAt = seconds.map { Timestamp(seconds: $0) }
            do {
                try SignedTime.check(signed, field: "timestamp", request: request)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(Self.issued, at: Self.issued + 300) == nil)
        #expect(code(Self.issued, at: Self.issued + 301) == "timestamp_out_of_range")
        #expect(code(Self.issued, at: Self.issued - 300) == nil)
        #expect(code(Self.issued, at: Self.issued - 301) == "timestamp_out_of_range")
        #expect(code(nil, at: Self.issued) == "timestamp_missing")
        #expect(code(nil, at: nil) == "timestamp_missing")
        #expect(code(Self.issued, at: nil) == nil)
        #expect(code(.max, at: Self.issued) == "timestamp_out_of_range")
        #expect(code(.min, at: Self.issued) == "timestamp_out_of_range")
    }

    @Test("the skew is the request's: a smaller one narrows the window")
    func configuredSkew() {
        var request = InboundRequest(body: [])
        request.receivedAt = Timestamp(seconds: Self.issued + 2)
        request.clockSkewMilliseconds = 1000
        #expect(throws: SignedTime.Failure.self) { try SignedTime.check(Self.issued, field: "timestamp", request: request) }
        request.clockSkewMilliseconds = 2000
        #expect(throws: Never.self) { try SignedTime.check(Self.issued, field: "timestamp", request: request) }
    }
}
