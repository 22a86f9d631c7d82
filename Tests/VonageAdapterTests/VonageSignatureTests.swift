import AdapterKit
import SwitchboardCore
import Testing

@testable import VonageAdapter

/// Expected values were computed independently (Python hashlib/hmac) from the documented algorithm.
@Suite struct VonageSignatureTests {
    let query =
        "msisdn=447700900123&to=447700900000&messageId=0A0000001234ABCD&text=Fish+%26+chips+%3D+tasty&type=text"
        + "&keyword=FISH&message-timestamp=2024-05-01+12%3A00%3A00&timestamp=1714564800&nonce=a1b2c3"

    func request(sig: String) -> InboundRequest {
        InboundRequest(method: "GET", url: "https://example.com/webhooks/inbound?\(query)&sig=\(sig)", body: [])
    }

    func connection(_ method: String? = nil) -> ConnectionConfig {
        ConnectionConfig(
            provider: .vonage, secrets: ["signature_secret": "my_signature_secret"],
            options: method.map { ["signature_method": $0] } ?? [:])
    }

    @Test func md5HashIsTheDefault() {
        #expect(VonageAdapter().verify(request(sig: "b1c8bf17c89a6ede2d3a4e21ac7396e1"), connection: connection()) == .valid)
        #expect(VonageAdapter().verify(request(sig: "B1C8BF17C89A6EDE2D3A4E21AC7396E1"), connection: connection()) == .valid)
        #expect(!VonageAdapter().verify(request(sig: "b1c8bf17c89a6ede2d3a4e21ac7396e2"), connection: connection()).isValid)
    }

    @Test(arguments: [
        ("md5", "EC515E6122A4A082CD1A42C8547D6A13"),
        ("sha1", "725A9D6FB0F846EE7EB8B98E42A4E3D193F6E31B"),
        ("sha256", "7DDB91475093F9136C2E1A3CB4047AFD3409C9CE33F148E4D7C6106E7EE222B8"),
        (
            "sha512",
            "F0DB542EC6425B64A1D00A1A1E9A045505E0E107308DE3029D60394BC9A75BD9389E5D9563B705034E34855BA29E38258B16D6D3B1B2B80237FC6EFD661A421D"
        ),
    ])
    func hmacMethods(method: String, signature: String) {
        #expect(VonageAdapter().verify(request(sig: signature), connection: connection(method)) == .valid)
        #expect(VonageAdapter().verify(request(sig: signature.lowercased()), connection: connection(method)) == .valid)
        #expect(!VonageAdapter().verify(request(sig: signature), connection: connection("md5hash")).isValid)
    }

    @Test func theSameFieldsSignedAsAFormOrJSONVerifyToo() {
        let form = InboundRequest(
            body: Array("\(query)&sig=b1c8bf17c89a6ede2d3a4e21ac7396e1".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(VonageAdapter().verify(form, connection: connection()) == .valid)
        let json = InboundRequest(
            body: Array(
                (#"{"msisdn":"447700900123","to":"447700900000","messageId":"0A0000001234ABCD","text":"Fish & chips = tasty","#
                    + #""type":"text","keyword":"FISH","message-timestamp":"2024-05-01 12:00:00","timestamp":"1714564800","#
                    + #""nonce":"a1b2c3","sig":"b1c8bf17c89a6ede2d3a4e21ac7396e1"}"#).utf8), contentType: "application/json")
        #expect(VonageAdapter().verify(json, connection: connection()) == .valid)
    }

    @Test func exposesTheSignedTimestampForTheCallersStalenessPolicy() {
        #expect(VonageSignature.signedTimestamp(of: request(sig: "x")) == 1_714_564_800)
    }

    @Test func messagesAPIJWTChecksSignatureAndPayloadHash() {
        let body = Array(#"{"message_uuid":"aaaaaaaa-1111-4ccc-8ddd-0123456789ab","status":"delivered"}"#.utf8)
        let token =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTQ1NjQ4MDAsImp0aSI6ImM3YTFkNmQ4LTBmN2ItNGQ4ZS05YTRlLTFmMWYxZjFmMWYxZiIsImlzcyI6IlZvbmFnZSIsInBheWxvYWRfaGFzaCI6ImRkMTNlNjgzNjI1NDhiODI4Mzg0ZTJlMTgwYjEwNmJhM2M5ZTQyMmUwNDU4NzM3MGY4NzgwMmJiNTA0MTUyMDMiLCJhcGlfa2V5IjoiYTEyMzQ1NjciLCJhcHBsaWNhdGlvbl9pZCI6ImFhYWFhYWFhLWJiYmItY2NjYy1kZGRkLTAxMjM0NTY3ODlhYiJ9.DvDAVlc8jIr1zk45_U1JOjJqItMfUiregKshx49dkOA"
        let request = InboundRequest(
            method: "POST", url: "https://example.com/status",
            headers: [HTTPField(name: "Authorization", value: "Bearer \(token)")], body: body)
        #expect(VonageAdapter().verify(request, connection: connection()) == .valid)
        var altered = request
        altered.body = Array(#"{"message_uuid":"aaaaaaaa-1111-4ccc-8ddd-0123456789ab","status":"read"}"#.utf8)
        #expect(
            VonageAdapter().verify(altered, connection: connection())
                == .invalid(reason: "invalid JWT: payload_hash does not match the body"))
        let wrongSecret = ConnectionConfig(provider: .vonage, secrets: ["signature_secret": "other"])
        #expect(!VonageAdapter().verify(request, connection: wrongSecret).isValid)
    }
}
