import AdapterKit
import SwitchboardCore
import Testing

@Suite struct SMSJWTVerifierTests {
    func token(alg: String, claims: String, key: String) -> String {
        let header = Base64.encode(Array(#"{"alg":"\#(alg)","typ":"JWT"}"#.utf8), alphabet: .url, padded: false)
        let payload = Base64.encode(Array(claims.utf8), alphabet: .url, padded: false)
        let algorithm: Signature.Algorithm = alg == "HS384" ? .sha384 : alg == "HS512" ? .sha512 : .sha256
        let mac = Signature.hmac(algorithm, key: key, message: Array("\(header).\(payload)".utf8))
        return "\(header).\(payload).\(Base64.encode(mac, alphabet: .url, padded: false))"
    }

    @Test(arguments: ["HS256", "HS384", "HS512"])
    func acceptsEveryHMACAlgorithm(alg: String) throws {
        let verified = try JWTVerifier.verify(token(alg: alg, claims: #"{"iss":"x"}"#, key: "k"), key: Array("k".utf8))
        #expect(verified.algorithm.rawValue == alg)
        #expect(verified.claims["iss"] == "x")
    }

    @Test func refusesAWrongKeyATamperedTokenAndNone() {
        let good = token(alg: "HS256", claims: #"{"a":1}"#, key: "k")
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.verify(good, key: Array("other".utf8)) }
        let parts = good.split(separator: ".")
        let tampered = "\(parts[0]).\(Base64.encode(Array(#"{"a":2}"#.utf8), alphabet: .url, padded: false)).\(parts[2])"
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.verify(tampered, key: Array("k".utf8)) }
        let none = "\(Base64.encode(Array(#"{"alg":"none"}"#.utf8), alphabet: .url, padded: false)).\(parts[1])."
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.verify(none, key: Array("k".utf8)) }
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.verify(good, key: Array("k".utf8), algorithms: [.hs512]) }
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.verify("not-a-jwt", key: Array("k".utf8)) }
    }

    @Test func timeClaimsUseTheCallersClockWithLeeway() throws {
        let claims: JSONValue = ["nbf": 1000, "exp": 1060]
        try JWTVerifier.checkTime(claims, now: Timestamp(seconds: 999))
        try JWTVerifier.checkTime(claims, now: Timestamp(seconds: 1060))
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.checkTime(claims, now: Timestamp(seconds: 998)) }
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.checkTime(claims, now: Timestamp(seconds: 1061)) }
        try JWTVerifier.checkTime(["iss": "no time claims"], now: Timestamp(seconds: 0))
    }

    @Test func smsHelpers() {
        #expect(SMSAddress.e164("447700900001") == "+447700900001")
        #expect(SMSAddress.e164("+14155550100") == "+14155550100")
        #expect(SMSAddress.e164("1008") == "1008")
        #expect(SMSAddress.e164("MyBrand") == "MyBrand")
        #expect(SMSTimestamp.parse("2020-07-17 02:34:35")?.rfc3339 == "2020-07-17T02:34:35Z")
        #expect(SMSTimestamp.parse("20240501120500")?.rfc3339 == "2024-05-01T12:05:00Z")
        #expect(SMSTimestamp.parse("2024-05-01T12:00:00+02:00")?.rfc3339 == "2024-05-01T10:00:00Z")
        #expect(SMSTimestamp.parse("1714564800")?.rfc3339 == "2024-05-01T12:00:00Z")
        #expect(SMSTimestamp.parse("yesterday") == nil)
    }
}
