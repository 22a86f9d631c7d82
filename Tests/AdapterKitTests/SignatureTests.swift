import AdapterKit
import Testing

@Suite struct SignatureTests {
    @Test func hmacSHA256MatchesRFC4231() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        let mac = Signature.hmac(.sha256, key: key, message: Array("Hi There".utf8))
        #expect(Signature.hex(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    /// RFC 4231 case 6: a key longer than the block is hashed first.
    @Test func hmacSHA256WithAKeyLongerThanTheBlock() {
        let key = [UInt8](repeating: 0xaa, count: 131)
        let mac = Signature.hmac(.sha256, key: key, message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(Signature.hex(mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// RFC 4231 case 2: a key shorter than the digest, and an empty-key HMAC of a 1 KB body.
    @Test func hmacSHA256WithShortAndEmptyKeys() {
        let mac = Signature.hmac(.sha256, key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Signature.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let empty = Signature.hmac(.sha256, key: [], message: [])
        #expect(Signature.hex(empty) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func constantTimeComparison() {
        #expect(Signature.constantTimeEquals("abc", "abc"))
        #expect(!Signature.constantTimeEquals("abc", "abd"))
        #expect(!Signature.constantTimeEquals("abc", "ab"))
    }

    @Test func hexRoundTrip() {
        let bytes: [UInt8] = [0, 1, 0xfe, 0xff, 0x10]
        #expect(Signature.unhex(Signature.hex(bytes)) == bytes)
        #expect(Signature.unhex("zz") == nil)
    }

    @Test func formBodyKeepsOrderAndRepeats() {
        let form = FormBody.parse("b=2&a=x+y&a=%C3%A9&empty=")
        #expect(form.fields.map(\.name) == ["b", "a", "a", "empty"])
        #expect(form.values("a") == ["x y", "é"])
        #expect(form["empty"] == "")
    }
}
