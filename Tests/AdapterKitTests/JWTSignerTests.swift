import AdapterKit
import SwitchboardCore
import Testing

/// The signing side of the JWTs Vonage and MessageBird webhooks carry, and the header replacement every adapter's
/// `sign` uses.
@Suite struct JWTSignerTests {
    @Test("an HS256 token is header.claims.HMAC, base64url without padding, claims with sorted keys (RFC 7515 §3.1)")
    func knownAnswer() {
        let token = JWTSigner.token(claims: ["sub": "1234567890", "name": "John Doe", "iat": 1_516_239_022], key: "your-256-bit-secret")
        // The header and claims as written by hand; the MAC recomputed over exactly those two parts.
        let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"  // {"alg":"HS256","typ":"JWT"}
        let claims = Base64.encode(Array(#"{"iat":1516239022,"name":"John Doe","sub":"1234567890"}"#.utf8), alphabet: .url, padded: false)
        let mac = Signature.hmac(.sha256, key: "your-256-bit-secret", message: Array("\(header).\(claims)".utf8))
        #expect(token == "\(header).\(claims).\(Base64.encode(mac, alphabet: .url, padded: false))")
    }

    @Test("every algorithm's token verifies with the same key and no other", arguments: JWTVerifier.Algorithm.allCases)
    func roundTrip(algorithm: JWTVerifier.Algorithm) throws {
        let token = JWTSigner.token(claims: ["iss": "MessageBird"], key: "k3y", algorithm: algorithm)
        let verified = try JWTVerifier.verify(token, key: Array("k3y".utf8))
        #expect(verified.algorithm == algorithm)
        #expect(verified.claims["iss"] == "MessageBird")
        #expect(throws: JWTVerifier.Failure.self) { try JWTVerifier.verify(token, key: Array("other".utf8)) }
    }

    @Test("token ids differ by time, URL and body, and repeat for the same request at the same time")
    func tokenIDs() {
        let request = InboundRequest(url: "https://gw.example/a", body: Array("{}".utf8))
        let time = Timestamp(seconds: 1_714_564_800)
        var otherURL = request
        otherURL.url += "?b=1"
        var otherBody = request
        otherBody.body = Array("[]".utf8)
        let ids = [
            JWTSigner.tokenID(for: request, at: time), JWTSigner.tokenID(for: request, at: Timestamp(seconds: 1_714_564_801)),
            JWTSigner.tokenID(for: otherURL, at: time), JWTSigner.tokenID(for: otherBody, at: time),
        ]
        #expect(Set(ids).count == 4)
        #expect(JWTSigner.tokenID(for: request, at: time) == ids[0])
        #expect(ids[0].utf8.count == 32)
    }

    @Test("setHeader replaces every header of that name, whatever its case, and keeps the others")
    func setHeader() {
        var request = InboundRequest(
            headers: [
                HTTPField(name: "content-type", value: "application/json"), HTTPField(name: "authorization", value: "stale"),
                HTTPField(name: "AUTHORIZATION", value: "stale too"),
            ], body: [])
        request.setHeader("Authorization", "Bearer fresh")
        #expect(request.headers.filter { $0.name.lowercased() == "authorization" }.map(\.value) == ["Bearer fresh"])
        #expect(request.header("Content-Type") == "application/json")
    }
}
