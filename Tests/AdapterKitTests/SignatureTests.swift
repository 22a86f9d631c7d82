import AdapterKit
import Testing

@Suite struct SignatureTests {
    @Test func hmacSHA256MatchesRFC4231() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        let mac = Signature.hmac(.sha256, key: key, message: Array("Hi There".utf8))
        #expect(Signature.hex(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func constantTimeComparison() {
        #expect(Signature.constantTimeEquals("abc", "abc"))
        #expect(!Signature.constantTimeEquals("abc", "abd"))
        #expect(!Signature.constantTimeEquals("abc", "ab"))
    }

    @Test func hexAndBase64RoundTrip() {
        let bytes: [UInt8] = [0, 1, 0xfe, 0xff, 0x10]
        #expect(Signature.unhex(Signature.hex(bytes)) == bytes)
        #expect(Signature.unhex("zz") == nil)
        #expect(Signature.unbase64(Signature.base64URL(bytes)) == bytes)
    }

    @Test func formBodyKeepsOrderAndRepeats() {
        let form = FormBody.parse("b=2&a=x+y&a=%C3%A9&empty=")
        #expect(form.fields.map(\.name) == ["b", "a", "a", "empty"])
        #expect(form.values("a") == ["x y", "é"])
        #expect(form["empty"] == "")
    }
}
