import AdapterKit
import SwitchboardCore
import Testing

@testable import TwilioAdapter

@Suite struct TwilioSignatureTests {
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    let form = "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212"
    let connection = ConnectionConfig(provider: .twilio, secrets: ["auth_token": "12345"])

    /// Twilio's documented example (webhooks-security): the algorithm as documented gives this value,
    /// also computed independently (Python hmac/sha1) for the same inputs.
    @Test func computesTheDocumentedExample() {
        let parameters = FormBody.parse(form).fields
        #expect(TwilioSignature.compute(url: url, parameters: parameters, authToken: "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    }

    @Test func verifiesAFormPostAndRefusesTampering() {
        let headers = [HTTPField(name: "X-Twilio-Signature", value: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")]
        let request = InboundRequest(method: "POST", url: url, headers: headers, body: Array(form.utf8))
        #expect(TwilioAdapter().verify(request, connection: connection) == .valid)
        var tampered = request
        tampered.body = Array(form.replacingOccurrences(of: "Digits=1234", with: "Digits=9999").utf8)
        #expect(!TwilioAdapter().verify(tampered, connection: connection).isValid)
        var otherURL = request
        otherURL.url = "https://mycompany.com/myapp.php?foo=1&bar=3"
        #expect(!TwilioAdapter().verify(otherURL, connection: connection).isValid)
        var unsigned = request
        unsigned.headers = []
        #expect(!TwilioAdapter().verify(unsigned, connection: connection).isValid)
        #expect(!TwilioAdapter().verify(request, connection: ConnectionConfig(provider: .twilio)).isValid)
    }

    @Test func repeatedParametersKeepTheirOrderAndNamesSortByteWise() {
        let parameters: [(name: String, value: String)] = [("b", "2"), ("MediaUrl", "y"), ("a", "1"), ("MediaUrl", "x")]
        let expected = Base64.encode(Signature.hmac(.sha1, key: "t", message: Array("https://h/pMediaUrlyMediaUrlxa1b2".utf8)))
        #expect(TwilioSignature.compute(url: "https://h/p", parameters: parameters, authToken: "t") == expected)
    }

    @Test func getRequestsSignTheURLAlone() {
        let getURL = "https://example.com/sms?From=%2B1&Body=hi"
        let signature = TwilioSignature.compute(url: getURL, parameters: [], authToken: "12345")
        let request = InboundRequest(
            method: "GET", url: getURL, headers: [HTTPField(name: "X-Twilio-Signature", value: signature)], body: [])
        #expect(TwilioAdapter().verify(request, connection: connection) == .valid)
    }

    @Test func jsonBodiesAreCheckedThroughBodySHA256() {
        let body = Array(#"{"hello":"world"}"#.utf8)
        let hash = Signature.hex(Signature.digest(.sha256, body))
        let jsonURL = "https://example.com/hook?bodySHA256=\(hash)"
        let signature = TwilioSignature.compute(url: jsonURL, parameters: [], authToken: "12345")
        let request = InboundRequest(
            method: "POST", url: jsonURL, headers: [HTTPField(name: "X-Twilio-Signature", value: signature)], body: body)
        #expect(TwilioAdapter().verify(request, connection: connection) == .valid)
        var altered = request
        altered.body = Array(#"{"hello":"there"}"#.utf8)
        #expect(TwilioAdapter().verify(altered, connection: connection) == .invalid(reason: "bodySHA256 does not match the body"))
    }
}
