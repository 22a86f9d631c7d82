import AdapterKit
import Dialog360Adapter
import SwitchboardCore
import Testing

@Suite struct Dialog360SignatureTests {
    static let body = Array(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}"#.utf8)
    static let secret = "partner-webhook-secret"

    static func request(_ headers: [String: String]) -> InboundRequest {
        InboundRequest(headers: headers.map { HTTPField(name: $0.key, value: $0.value) }, body: body)
    }

    static func connection(secrets: [String: Secret] = ["webhook_secret": Secret(secret)], options: [String: String] = [:])
        -> ConnectionConfig
    {
        ConnectionConfig(provider: .dialog360, secrets: secrets, options: options)
    }

    static var mac: [UInt8] { Signature.hmac(.sha256, key: secret, message: body) }

    @Test(arguments: ["hex", "prefixed", "base64"])
    func validSignatureIsAccepted(encoding: String) {
        let value =
            switch encoding {
            case "hex": Signature.hex(Self.mac)
            case "prefixed": "sha256=" + Signature.hex(Self.mac)
            default: Base64.encode(Self.mac)
            }
        let result = Dialog360Adapter().verify(Self.request(["X-360Dialog-Signature": value]), connection: Self.connection())
        #expect(result == .valid)
    }

    @Test func wrongOrMissingSignatureIsRejected() {
        let wrong = Signature.hex(Signature.hmac(.sha256, key: "other", message: Self.body))
        #expect(!Dialog360Adapter().verify(Self.request(["x-360dialog-signature": wrong]), connection: Self.connection()).isValid)
        #expect(!Dialog360Adapter().verify(Self.request([:]), connection: Self.connection()).isValid)
    }

    @Test func tamperedBodyIsRejected() {
        var request = Self.request(["x-360dialog-signature": Signature.hex(Self.mac)])
        request.body.append(UInt8(ascii: " "))
        #expect(!Dialog360Adapter().verify(request, connection: Self.connection()).isValid)
    }

    @Test("with no check configured every request is refused, unless the connection says insecure_accept_unsigned")
    func withoutConfiguredSecretsEveryRequestIsRefusedUnlessUnsignedIsAccepted() {
        var connection = Self.connection(secrets: [:])
        let signedWithSomething = Self.request(["x-360dialog-signature": Signature.hex(Self.mac)])
        for request in [Self.request([:]), signedWithSomething] {
            guard case .invalid(let reason) = Dialog360Adapter().verify(request, connection: connection) else {
                Issue.record("an unsigned request to a connection with no check was accepted")
                return
            }
            #expect(reason.contains("webhook_secret") && reason.contains("webhook_header"))
        }
        #expect(Dialog360Adapter().webhookAuthentication(connection: connection) != .configured)
        connection.insecureAcceptUnsigned = true
        #expect(Dialog360Adapter().verify(Self.request([:]), connection: connection) == .valid)
        #expect(Dialog360Adapter().webhookAuthentication(connection: Self.connection()) == .configured)
        let header = Self.connection(secrets: [:], options: ["webhook_header": "Authorization"])
        #expect(Dialog360Adapter().webhookAuthentication(connection: header) == .configured)
        #expect(!Dialog360Adapter().verify(Self.request([:]), connection: header).isValid)
    }

    @Test("insecure_accept_unsigned never lets through a request a configured check refuses")
    func theFlagDoesNotWeakenAConfiguredCheck() {
        var connection = Self.connection()
        connection.insecureAcceptUnsigned = true
        #expect(!Dialog360Adapter().verify(Self.request([:]), connection: connection).isValid)
    }

    @Test func staticHeaderMustMatch() {
        let connection = Self.connection(
            secrets: ["webhook_header_value": "Bearer hook-token"], options: ["webhook_header": "Authorization"])
        #expect(Dialog360Adapter().verify(Self.request(["authorization": "Bearer hook-token"]), connection: connection) == .valid)
        #expect(!Dialog360Adapter().verify(Self.request(["Authorization": "Bearer nope"]), connection: connection).isValid)
        #expect(!Dialog360Adapter().verify(Self.request([:]), connection: connection).isValid)
    }

    @Test func rejectionReasonNeverContainsTheSecret() {
        let result = Dialog360Adapter().verify(Self.request(["x-360dialog-signature": "00"]), connection: Self.connection())
        guard case .invalid(let reason) = result else {
            Issue.record("expected a rejection")
            return
        }
        #expect(!reason.contains(Self.secret))
    }
}
