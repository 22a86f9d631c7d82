import Foundation
import SwitchboardCore
import Testing

@testable import EmailAdapter

/// Charsets, transfer encodings and header syntax: the pieces every inbound message goes through.
@Suite struct DecodingTests {
    @Test(arguments: [
        ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9] as [UInt8], "café"),
        ("latin1", [0x80], "€"),  // ISO-8859-1 is read as Windows-1252
        ("windows-1252", [0x93, 0x68, 0x69, 0x94], "“hi”"),
        ("windows-1250", [0x8A, 0x9A], "Šš"),
        ("windows-1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], "Привет"),
        ("iso-8859-2", [0xA3, 0xF3, 0x64, 0xBC], "Łódź"),
        ("iso-8859-15", [0xA4], "€"),
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
        ("shift_jis", [0x93, 0xFA, 0x96, 0x7B], "日本"),
        ("Shift-JIS", [0x93, 0xFA, 0x96, 0x7B], "日本"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42], "日本"),
        ("euc-jp", [0xC6, 0xFC, 0xCB, 0xDC, 0x8E, 0xB1], "日本ｱ"),
        ("ks_c_5601-1987", [0xB0, 0xA1], "가"),
        ("euc-kr", [0xC7, 0xD1, 0xB1, 0xB9], "한국"),
        ("gb2312", [0xB0, 0xA1], "啊"),
        ("big5", [0xA4, 0x40], "一"),
        ("utf-7", Array("Hi +AOk-".utf8), "Hi é"),
        ("utf-16le", [0x41, 0x00, 0xE9, 0x00], "Aé"),
        ("utf-8", [0xE2, 0x82, 0xAC], "€"),
    ])
    func charsetDecoding(label: String, bytes: [UInt8], expected: String) {
        #expect(Charsets.decode(bytes, charset: label) == expected)
    }

    @Test func unknownOrWrongLabelsFallBackWithoutMojibake() {
        #expect(Charsets.decode(Array("plain".utf8), charset: "fakescii") == "plain")
        #expect(Charsets.decode([0xC3, 0xA9], charset: "fakescii") == "é")  // valid UTF-8 wins
        #expect(Charsets.decode([0xE9, 0x74, 0xE9], charset: "us-ascii") == "été")  // 8-bit in "ASCII": cp1252
        #expect(Charsets.decode([0xC2, 0x80], charset: nil) == "€")  // C1 control repaired
        #expect(Charsets.decode([0x93, 0xFA, 0xFF], charset: "shift_jis").isEmpty == false)  // invalid: no crash
    }

    @Test func quotedPrintableSoftBreaksAndTrailingSpace() {
        let decoded = QuotedPrintable.decode(Array("soft=\r\nbreak=3D =C3=A9  \r\nlf=\nonly=\n".utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "softbreak= é\r\nlfonly")
        #expect(QuotedPrintable.decode(Array("bad =ZZ end=".utf8)) == Array("bad =ZZ end".utf8))
    }

    @Test func quotedPrintableEncodingRoundTripsAndKeepsLinesShort() {
        let text = String(repeating: "Grüße aus Köln = € ", count: 20) + "\n.dot\ntrailing space "
        let encoded = QuotedPrintable.encode(Array(text.utf8))
        for line in String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n") { #expect(line.count <= 76) }
        let decoded = String(decoding: QuotedPrintable.decode(encoded), as: UTF8.self)
        #expect(decoded == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func base64IsTolerant() {
        let foreign = TransferEncoding.decode(Array("PGh0*bWw+Cg==".utf8), encoding: "base64")
        #expect(foreign.bytes == Array("<html>\n".utf8))
        #expect(foreign.defects == ["invalid base64 characters skipped"])
        let unpadded = TransferEncoding.decode(Array("aGVsbG8\r\n".utf8), encoding: "base64")  // no padding
        #expect(unpadded.bytes == Array("hello".utf8))
        #expect(unpadded.defects.isEmpty)
        let bytes = (0..<300).map { UInt8($0 % 256) }
        #expect(TransferEncoding.decode(Base64.encodeMIME(bytes), encoding: "base64").bytes == bytes)
    }

    @Test func encodedWords() {
        #expect(HeaderDecoding.decodeEncodedWords("=?utf-8?q?MIME_UTF8_Test_=c2=a2?= More Text") == "MIME UTF8 Test ¢ More Text")
        #expect(HeaderDecoding.decodeEncodedWords("=?ISO-8859-1?Q?Andr=E9?= Pirard") == "André Pirard")
        #expect(HeaderDecoding.decodeEncodedWords("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=") == "éé")  // space between words dropped
        #expect(HeaderDecoding.decodeEncodedWords("a =?UTF-8?B?w6k=?= b") == "a é b")
        #expect(HeaderDecoding.decodeEncodedWords("=?UTF-8*en?Q?hi?=") == "hi")  // RFC 2231 language tag
        #expect(HeaderDecoding.decodeEncodedWords("=?UTF-8?X?broken?=") == "=?UTF-8?X?broken?=")
    }

    @Test func encodedWordSplitInsideACharacter() {
        // "ö" is C3 B6: the first word ends after C3, the second starts with B6, on a folded line.
        let header = "=?UTF-8?B?S8M=?=\r\n =?UTF-8?B?tmxu?="
        #expect(HeaderDecoding.decodeEncodedWords(header) == "Köln")
    }

    @Test func rfc2231Parameters() {
        let (value, parameters) = HeaderDecoding.splitParameters(
            "attachment; filename*0*=UTF-8''Rechnung%20M%C3%A4rz%20; filename*1*=%E2%82%AC.pdf; size=42")
        #expect(value == "attachment")
        #expect(parameters["filename"] == "Rechnung März €.pdf")
        #expect(parameters["size"] == "42")
        #expect(HeaderDecoding.splitParameters("x; name*=iso-8859-1'de'Gr%FC%DFe.png").parameters["name"] == "Grüße.png")
        #expect(HeaderDecoding.splitParameters("x; name*0=\"a b\"; name*1=\"c\"").parameters["name"] == "a bc")
        #expect(HeaderDecoding.splitParameters("text/plain; charset=\"utf-8\"; format=flowed").parameters["charset"] == "utf-8")
    }

    @Test func messageIDsAndAddresses() {
        #expect(HeaderDecoding.messageIDs("<a@b>\r\n <c@d>, <e@f>") == ["a@b", "c@d", "e@f"])
        #expect(HeaderDecoding.messageIDs("bare@id") == ["bare@id"])
        let list = EmailAddress.parseList(
            "\"Doe, Jane\" <JANE@Example.com>, bob@example.com (Bob B), team: x@y.z;, <vishnu@chatwoot.com>junk, broken,")
        #expect(list.map(\.normalized) == ["jane@example.com", "bob@example.com", "x@y.z", "vishnu@chatwoot.com"])
        #expect(list.map(\.name) == ["Doe, Jane", "Bob B", nil, nil])
        #expect(EmailAddress.parseList("\"\" (Mail Delivery System)").isEmpty)
    }

    @Test(arguments: [
        ("Thu, 03 Jul 2025 15:44:25 -0700 (PDT)", "2025-07-03T22:44:25Z"),
        ("Mon,  1 Jan 2024 03:27:12 -0500 (EST)", "2024-01-01T08:27:12Z"),
        ("24 May 2024 12:00 +0100", "2024-05-24T11:00:00Z"),
        ("Fri, 24 May 24 12:00:00 PDT", "2024-05-24T19:00:00Z"),
        ("Fri, 24 May 2024 12:00:00 GMT", "2024-05-24T12:00:00Z"),
    ])
    func dates(text: String, expected: String) {
        #expect(EmailDate.parse(text)?.rfc3339 == expected)
    }

    @Test func unreadableDateIsAbsent() {
        #expect(EmailDate.parse("") == nil)
        #expect(EmailDate.parse("yesterday") == nil)
    }

    @Test func htmlToText() {
        let html =
            "<html><head><style>p{}</style><title>T</title></head><body><p>Hello&nbsp;&amp; <b>bye</b></p><br>x &#8364;</body></html>"
        #expect(HTMLText.text(fromHTML: html) == "Hello & bye\n\nx €")
    }
}
