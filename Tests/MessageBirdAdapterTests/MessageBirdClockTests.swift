import AdapterKit
import MessageBirdAdapter
import SwitchboardCore
import Testing

/// `MessageBird-Signature-JWT`'s time claims against the time of receipt (``InboundRequest/receivedAt``, default
/// skew 5 minutes): `nbf` and `exp` (required), and `iat` when present, at the edges of the skew.
@Suite struct MessageBirdClockTests {
    let adapter = MessageBirdAdapter()
    let connection = ConnectionConfig(provider: .messagebird, secrets: ["signing_key": "PlLrKaqvZNRR5zAjm42ZT6q1SQxgbbGd"])
    static let url = "https://gw.example/webhooks/messagebird?id=1"
    static let signedAt: Int64 = 1_714_564_800

    func verify(_ request: InboundRequest, at seconds: Int64) -> VerificationResult {
        var received = request
        received.receivedAt = Timestamp(seconds: seconds)
        return adapter.verify(received, connection: connection)
    }

    /// A request carrying a token with `claims` (plus `iss` and `url_hash`), signed with the connection's key.
    func request(_ claims: [String: JSONValue]) -> InboundRequest {
        var object = JSONObject()
        object.set("iss", "MessageBird")
        object.set("url_hash", .string(Signature.hex(Signature.digest(.sha256, Array(Self.url.utf8)))))
        for (name, value) in claims { object.set(name, value) }
        let token = JWTSigner.token(claims: .object(object), key: "PlLrKaqvZNRR5zAjm42ZT6q1SQxgbbGd")
        return InboundRequest(method: "GET", url: Self.url, headers: [HTTPField(name: "MessageBird-Signature-JWT", value: token)], body: [])
    }

    @Test("as signed (nbf one second before, exp five minutes after): valid from skew before nbf until skew after exp")
    func signedWindow() {
        let signed = adapter.sign(
            InboundRequest(method: "GET", url: Self.url, body: []), connection: connection, at: Timestamp(seconds: Self.signedAt))
        #expect(verify(signed, at: Self.signedAt - 1 - 300) == .valid)
        #expect(verify(signed, at: Self.signedAt - 1 - 301) == .invalid(reason: "invalid jwt: claim nbf is in the future"))
        #expect(verify(signed, at: Self.signedAt + 300 + 299) == .valid)
        #expect(verify(signed, at: Self.signedAt + 300 + 300) == .invalid(reason: "invalid jwt: claim exp is in the past"))
    }

    @Test("iat, when present, within the skew either way; a token without exp is refused")
    func issuedAtAndMissingExpiry() {
        let withIssuedAt = request(["iat": .int(Self.signedAt), "exp": .int(Self.signedAt + 3600)])
        #expect(verify(withIssuedAt, at: Self.signedAt + 300) == .valid)
        #expect(verify(withIssuedAt, at: Self.signedAt - 300) == .valid)
        #expect(!verify(withIssuedAt, at: Self.signedAt + 301).isValid)
        #expect(!verify(withIssuedAt, at: Self.signedAt - 301).isValid)
        let noExpiry = request(["nbf": .int(Self.signedAt)])
        #expect(verify(noExpiry, at: Self.signedAt) == .invalid(reason: "invalid jwt: claim exp is missing"))
        #expect(adapter.verify(noExpiry, connection: connection) == .invalid(reason: "invalid jwt: claim exp is missing"))
    }
}
