import AdapterKit
import Foundation
import SwitchboardCore
import Testing
import VonageAdapter

/// Vonage's signed times against the time of receipt (``InboundRequest/receivedAt``, default skew 5 minutes): the
/// Messages API JWT's `iat` and the SMS API's signed `timestamp`, at the edges of the skew, in both directions.
@Suite struct VonageClockTests {
    let adapter = VonageAdapter()
    let connection = ConnectionConfig(provider: .vonage, secrets: ["signature_secret": "vonage-signature-secret"])
    static let signedAt: Int64 = 1_714_564_800

    func received(_ request: InboundRequest, at seconds: Int64) -> InboundRequest {
        var received = request
        received.receivedAt = Timestamp(seconds: seconds)
        return received
    }

    @Test("Messages API JWT: iat up to 5 minutes either side of receipt accepted, one second more refused naming iat")
    func jwtIssuedAt() throws {
        let request = InboundRequest(body: Array(#"{"message_uuid":"x","status":"read"}"#.utf8), contentType: "application/json")
        let signed = adapter.sign(request, connection: connection, at: Timestamp(seconds: Self.signedAt))
        #expect(adapter.verify(received(signed, at: Self.signedAt), connection: connection) == .valid)
        #expect(adapter.verify(received(signed, at: Self.signedAt + 300), connection: connection) == .valid)
        #expect(adapter.verify(received(signed, at: Self.signedAt - 300), connection: connection) == .valid)
        guard case .invalid(let late) = adapter.verify(received(signed, at: Self.signedAt + 301), connection: connection),
            case .invalid(let early) = adapter.verify(received(signed, at: Self.signedAt - 301), connection: connection)
        else {
            Issue.record("a token 301 s from receipt was accepted")
            return
        }
        #expect(late.hasPrefix("invalid JWT: claim iat is 301 s before receipt"))
        #expect(early.hasPrefix("invalid JWT: claim iat is 301 s after receipt"))
    }

    @Test("Messages API JWT: a token without iat is refused; nbf and exp, when present, are checked")
    func jwtWithoutIssuedAtOrPastExpiry() {
        let body = Array(#"{"message_uuid":"x"}"#.utf8)
        let hash = Signature.hex(Signature.digest(.sha256, body))
        func request(_ claims: JSONValue) -> InboundRequest {
            let token = JWTSigner.token(claims: claims, key: "vonage-signature-secret")
            return InboundRequest(headers: [HTTPField(name: "Authorization", value: "Bearer \(token)")], body: body)
        }
        let noIssuedAt = request(["payload_hash": .string(hash)])
        #expect(adapter.verify(noIssuedAt, connection: connection) == .invalid(reason: "invalid JWT: claim iat is missing"))
        #expect(!adapter.verify(received(noIssuedAt, at: Self.signedAt), connection: connection).isValid)
        let expiring = request(["payload_hash": .string(hash), "iat": .int(Self.signedAt), "exp": .int(Self.signedAt + 10)])
        #expect(adapter.verify(received(expiring, at: Self.signedAt + 200), connection: connection) == .valid)
        #expect(
            adapter.verify(received(expiring, at: Self.signedAt + 310), connection: connection)
                == .invalid(reason: "invalid JWT: claim exp is in the past"))
    }

    /// An SMS API webhook signed (md5hash) over `fields`.
    func smsRequest(_ fields: [(name: String, value: String)]) -> InboundRequest {
        let sig = VonageSignature.compute(parameters: fields, secret: "vonage-signature-secret")
        let query = (fields + [(name: "sig", value: sig)]).map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return InboundRequest(method: "GET", url: "https://gw.example/webhooks/vonage?\(query)", body: [])
    }

    @Test("SMS API: the signed timestamp up to 5 minutes either side of receipt accepted, one second more refused")
    func smsTimestamp() {
        let fields = [
            (name: "msisdn", value: "447700900123"), (name: "to", value: "447700900000"), (name: "messageId", value: "0A00"),
            (name: "text", value: "hi"), (name: "type", value: "text"), (name: "timestamp", value: String(Self.signedAt)),
        ]
        let signed = smsRequest(fields)
        #expect(adapter.verify(received(signed, at: Self.signedAt + 300), connection: connection) == .valid)
        #expect(adapter.verify(received(signed, at: Self.signedAt - 300), connection: connection) == .valid)
        for seconds in [Self.signedAt + 301, Self.signedAt - 301] {
            guard case .invalid(let reason) = adapter.verify(received(signed, at: seconds), connection: connection) else {
                Issue.record("a timestamp 301 s from receipt was accepted")
                continue
            }
            #expect(reason.hasPrefix("timestamp_out_of_range: the signed timestamp is 301 s"))
        }
        let unsigned = smsRequest(fields.filter { $0.name != "timestamp" })
        #expect(
            adapter.verify(received(unsigned, at: Self.signedAt), connection: connection)
                == .invalid(reason: "timestamp_missing: the signed timestamp is missing"))
        #expect(!adapter.verify(unsigned, connection: connection).isValid)
    }

    @Test("the time is checked only once the signature is: a forged request is refused for its signature")
    func signatureBeforeTime() {
        var forged = smsRequest([(name: "text", value: "hi"), (name: "timestamp", value: "1")])
        forged.url = forged.url.replacingOccurrences(of: "text=hi", with: "text=ho")
        #expect(adapter.verify(received(forged, at: Self.signedAt), connection: connection) == .invalid(reason: "sig does not match"))
    }
}
