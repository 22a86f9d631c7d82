import AdapterKit
import MetaAdapter
import SwitchboardCore
import Testing

/// `X-Hub-Signature-256` over the raw bytes, and the `hub.challenge` handshake.
@Suite struct MetaSignatureTests {
    let adapter = MetaAdapter()
    let secret = "0123456789abcdef0123456789abcdef"
    var connection: ConnectionConfig {
        ConnectionConfig(provider: .meta, secrets: ["app_secret": Secret(secret), "verify_token": "tok-3f9a"])
    }

    /// A body exactly as Meta sends it: non-ASCII escaped as `\uXXXX`, emoji as surrogate pairs.
    let body = Array(
        #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"messages":[{"from":"33612345678","id":"wamid.X","timestamp":"1717000000","type":"text","text":{"body":"Caf\u00e9 \ud83d\ude00 \/"}}]}}]}]}"#
            .utf8)

    func sign(_ bytes: [UInt8], algorithm: Signature.Algorithm = .sha256) -> String {
        Signature.hex(Signature.hmac(algorithm, key: secret, message: bytes))
    }

    func request(_ headers: [(String, String)], body: [UInt8]? = nil) -> InboundRequest {
        InboundRequest(headers: headers.map { HTTPField(name: $0.0, value: $0.1) }, body: body ?? self.body)
    }

    @Test func acceptsTheSignatureOverTheRawEscapedBytes() {
        let result = adapter.verify(request([("X-Hub-Signature-256", "sha256=" + sign(body))]), connection: connection)
        #expect(result == .valid)
    }

    @Test func aReserializedBodyDoesNotVerify() throws {
        // Parsing and writing the body back turns `\u00e9` into UTF-8 `é`: different bytes, different HMAC.
        let reserialized = JSONWriter().bytes(try JSONParser.parse(body))
        #expect(reserialized != body)
        let decoded = try #require(
            try adapter.decode(InboundRequest(body: reserialized, contentType: "application/json"), context: .init()).first)
        #expect(decoded.content?.text == "Café 😀 /")
        let signedReserialized = request([("X-Hub-Signature-256", "sha256=" + sign(reserialized))])
        #expect(!adapter.verify(signedReserialized, connection: connection).isValid)
    }

    @Test func acceptsUppercaseHexAndAnyHeaderCase() {
        let header = "sha256=" + sign(body).uppercased()
        #expect(adapter.verify(request([("x-hub-signature-256", header)]), connection: connection) == .valid)
    }

    @Test func rejectsAWrongSignature() {
        var hex = Array(sign(body))
        hex[10] = hex[10] == "0" ? "1" : "0"
        let result = adapter.verify(request([("X-Hub-Signature-256", "sha256=" + String(hex))]), connection: connection)
        guard case .invalid(let reason) = result else { Issue.record("accepted a wrong signature"); return }
        #expect(reason.contains("does not match"))
    }

    @Test func rejectsASignatureOfAnotherBody() {
        var tampered = body
        tampered[tampered.count - 5] = UInt8(ascii: "X")
        #expect(!adapter.verify(request([("X-Hub-Signature-256", "sha256=" + sign(body))], body: tampered), connection: connection).isValid)
    }

    @Test func rejectsATruncatedHeader() {
        let result = adapter.verify(request([("X-Hub-Signature-256", "sha256=" + sign(body).dropLast(2))]), connection: connection)
        guard case .invalid(let reason) = result else { Issue.record("accepted a truncated signature"); return }
        #expect(reason.contains("71 characters"))
    }

    @Test func rejectsAWrongPrefix() {
        let result = adapter.verify(request([("X-Hub-Signature-256", "sha512=" + sign(body).dropLast(1))]), connection: connection)
        guard case .invalid(let reason) = result else { Issue.record("accepted a wrong prefix"); return }
        #expect(reason.contains("sha256="))
    }

    @Test func rejectsNonHexDigits() {
        let header = "sha256=" + String(repeating: "z", count: 64)
        #expect(!adapter.verify(request([("X-Hub-Signature-256", header)]), connection: connection).isValid)
    }

    @Test func rejectsAMissingHeader() {
        let result = adapter.verify(request([]), connection: connection)
        #expect(result == .invalid(reason: "missing X-Hub-Signature-256 header"))
    }

    @Test func rejectsALegacySHA1OnlySignatureByDefault() {
        let legacy = request([("X-Hub-Signature", "sha1=" + sign(body, algorithm: .sha1))])
        guard case .invalid(let reason) = adapter.verify(legacy, connection: connection) else {
            Issue.record("accepted a SHA-1-only signature")
            return
        }
        #expect(reason.contains("legacy"))
    }

    @Test func acceptsALegacySHA1SignatureOnlyWhenTheConnectionOptsIn() {
        var optedIn = connection
        optedIn.options["legacy_sha1_signature"] = "true"
        #expect(adapter.verify(request([("X-Hub-Signature", "sha1=" + sign(body, algorithm: .sha1))]), connection: optedIn) == .valid)
        #expect(!adapter.verify(request([("X-Hub-Signature", "sha1=" + String(repeating: "0", count: 40))]), connection: optedIn).isValid)
        // With both headers present, SHA-256 decides.
        let both = request([
            ("X-Hub-Signature", "sha1=" + sign(body, algorithm: .sha1)),
            ("X-Hub-Signature-256", "sha256=" + String(repeating: "0", count: 64)),
        ])
        #expect(!adapter.verify(both, connection: optedIn).isValid)
    }

    @Test func rejectsWhenNoAppSecretIsConfigured() {
        let bare = ConnectionConfig(provider: .meta)
        let result = adapter.verify(request([("X-Hub-Signature-256", "sha256=" + sign(body))]), connection: bare)
        guard case .invalid(let reason) = result else { Issue.record("accepted without a secret"); return }
        #expect(reason.contains("app_secret"))
        #expect(!reason.contains(secret))
    }

    // MARK: handshake

    func get(_ query: String, method: String = "GET") -> InboundRequest {
        InboundRequest(method: method, url: "https://gw.example/webhooks/meta/wa-main?" + query, body: [])
    }

    @Test func answersTheHandshakeWithTheBareChallenge() throws {
        let response = try #require(
            adapter.handshake(get("hub.mode=subscribe&hub.verify_token=tok-3f9a&hub.challenge=1158201444"), connection: connection))
        #expect(response.status == 200)
        #expect(response.body == "1158201444")
    }

    @Test func refusesTheHandshakeWithAWrongToken() throws {
        let response = try #require(
            adapter.handshake(get("hub.mode=subscribe&hub.verify_token=tok-3f9b&hub.challenge=1158201444"), connection: connection))
        #expect(response.status == 403)
        #expect(!response.body.contains("1158201444"))
        let missing = try #require(adapter.handshake(get("hub.mode=subscribe&hub.challenge=1"), connection: connection))
        #expect(missing.status == 403)
        let noSecret = try #require(
            adapter.handshake(get("hub.mode=subscribe&hub.verify_token=&hub.challenge=1"), connection: ConnectionConfig(provider: .meta)))
        #expect(noSecret.status == 403)
    }

    @Test func refusesAModeOtherThanSubscribe() throws {
        let response = try #require(
            adapter.handshake(get("hub.mode=unsubscribe&hub.verify_token=tok-3f9a&hub.challenge=1"), connection: connection))
        #expect(response.status == 403)
    }

    @Test func ignoresRequestsThatAreNotHandshakes() {
        #expect(adapter.handshake(get("foo=bar"), connection: connection) == nil)
        #expect(
            adapter.handshake(get("hub.mode=subscribe&hub.verify_token=tok-3f9a&hub.challenge=1", method: "POST"), connection: connection)
                == nil)
    }
}
