import Testing

@testable import SwitchboardCore

/// The project's one base64: RFC 4648 vectors, the alphabets and padding callers need, and the tolerant
/// MIME decoding (the email fixtures' bodies depend on it skipping exactly what mail clients skip).
@Suite("Base64")
struct Base64Tests {
    @Test("RFC 4648 §10 vectors, encoded and decoded")
    func vectors() {
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
            #expect(Base64.decodeTolerant(Array(encoded.utf8)) == (Array(plain.utf8), true))
        }
    }

    @Test("URL-safe alphabet without padding (JWT) and back; decode takes either alphabet, padded or not")
    func urlAlphabet() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF, 0x01]
        #expect(Base64.encode(bytes) == "+/+/AQ==")
        #expect(Base64.encode(bytes, alphabet: .url) == "-_-_AQ==")
        #expect(Base64.encode(bytes, alphabet: .url, padded: false) == "-_-_AQ")
        #expect(Base64.encode(bytes, padded: false) == "+/+/AQ")
        for text in ["+/+/AQ==", "+/+/AQ", "-_-_AQ==", "-_-_AQ"] { #expect(Base64.decode(text) == bytes, "\(text)") }
        let signatureBytes: [UInt8] = [0, 1, 0xfe, 0xff, 0x10]
        #expect(Base64.decode(Base64.encode(signatureBytes, alphabet: .url, padded: false)) == signatureBytes)
    }

    @Test("strict decode refuses white space, foreign characters and lengths no padding completes")
    func strictDecodeRefuses() {
        for text in ["Zm9v\r\nYmFy", "Zm9v YmFy", "Zm9v*YmFy", "Zm9vY", "Z==="] { #expect(Base64.decode(text) == nil, "\(text)") }
    }

    @Test("MIME bodies: lines of 76 characters ended by CRLF, none after the last line")
    func mimeLines() {
        let bytes = (0..<120).map { UInt8($0) }
        let lines = String(decoding: Base64.encodeMIME(bytes), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.map(\.count) == [76, 76, 8])
        #expect(lines.joined() == Base64.encode(bytes))
        #expect(Base64.encodeMIME(Array(bytes.prefix(57))) == Array(Base64.encode(Array(bytes.prefix(57))).utf8))
        #expect(Base64.decodeTolerant(Base64.encodeMIME(bytes)) == (bytes, true))
    }

    @Test("tolerant decode: skips white space silently and foreign characters as a defect")
    func tolerantSkips() {
        #expect(Base64.decodeTolerant(Array("PGh0*bWw+Cg==".utf8)) == (Array("<html>\n".utf8), false))
        #expect(Base64.decodeTolerant(Array("aGVs\r\n bG8=\t".utf8)) == (Array("hello".utf8), true))
        #expect(Base64.decodeTolerant(Array("aGVsbG8\r\n".utf8)) == (Array("hello".utf8), true))  // no padding
        #expect(Base64.decodeTolerant(Array("aGVsbG8é".utf8)) == (Array("hello".utf8), false))
    }

    @Test("tolerant decode: URL-safe characters, a lone trailing character, runs concatenated after a pad")
    func tolerantEdges() {
        #expect(Base64.decodeTolerant(Array("-_-_AQ".utf8)) == ([0xFB, 0xFF, 0xBF, 0x01], true))
        #expect(Base64.decodeTolerant(Array("Zm9vY".utf8)) == (Array("foo".utf8), true))  // Y: six bits, no byte
        #expect(Base64.decodeTolerant(Array("aGk=aGk=".utf8)) == (Array("hihi".utf8), true))
        #expect(Base64.decodeTolerant(Array("Zg==\r\nZm8=".utf8)) == (Array("ffo".utf8), true))
        #expect(Base64.decodeTolerant(Array("==".utf8)) == ([], true))
        #expect(Base64.decodeTolerant([]) == ([], true))
    }

    @Test("random bytes round-trip through every encoding")
    func roundTrip() {
        var random = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.decode(Base64.encode(bytes, alphabet: .url, padded: false)) == bytes)
            #expect(Base64.decodeTolerant(Base64.encodeMIME(bytes)).bytes == bytes)
        }
    }
}
