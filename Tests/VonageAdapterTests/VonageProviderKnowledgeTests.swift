import AdapterKit
import SwitchboardCore
import TestSupport
import Testing
import VonageAdapter

/// What the adapter knows of its provider besides the wire format: how a webhook is signed (a Messages API Bearer JWT),
/// which channels a connection carries.
@Suite struct VonageProviderKnowledgeTests {
    let adapter = VonageAdapter()
    let connection = ConnectionConfig(provider: .vonage, secrets: ["signature_secret": "vonage-signature-secret"])

    @Test("every inbound fixture signed by sign(_:connection:at:) verifies; altered or signed with another secret, refused")
    func signedFixturesVerify() throws {
        let report = try SignedFixtures.check(adapter, connection: connection, coversBody: true)
        #expect(report.fixtures >= 10)
        #expect(report.failures == [])
    }

    @Test("the JWT is HS256 with iat at the signing time, a jti derived from the request and the body's payload_hash")
    func jwtClaims() throws {
        let body = Array(#"{"message_uuid":"x"}"#.utf8)
        let request = InboundRequest(body: body, contentType: "application/json")
        let time = Timestamp(seconds: 1_714_564_800)
        let authorization = try #require(adapter.sign(request, connection: connection, at: time).header("Authorization"))
        #expect(authorization.hasPrefix("Bearer "))
        let token = try JWTVerifier.verify(
            String(authorization.dropFirst(7)), key: Array("vonage-signature-secret".utf8), algorithms: [.hs256])
        #expect(token.claims["iat"]?.int == 1_714_564_800)
        #expect(token.claims["payload_hash"]?.string == Signature.hex(Signature.digest(.sha256, body)))
        #expect(token.claims["jti"]?.string == JWTSigner.tokenID(for: request, at: time))
        #expect(JWTSigner.tokenID(for: request, at: time) != JWTSigner.tokenID(for: request, at: Timestamp(seconds: 1_714_564_801)))
    }

    @Test("channels: SMS; a connection naming its channel carries that one only")
    func channels() {
        #expect(adapter.channels == [.sms])
        var named = connection
        named.channel = .sms
        #expect(adapter.channels(of: named) == [.sms])
    }
}
