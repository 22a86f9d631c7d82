import Foundation
import Testing

@testable import EmailAdapter

/// The charsets mail declares beyond those the fixtures carry, decoded through `iconv`: characteristic
/// bytes of each single-byte charset, what unmapped and invalid bytes become, the supersets chosen for
/// Japanese, Korean and Chinese labels, UTF-16/32 byte order, lenient UTF-7, and concurrent use.
@Suite struct CharsetTests {
    /// Every single-byte label Switchboard decodes (after alias folding).
    static let singleByteLabels = [
        "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254", "windows-1255", "windows-1256",
        "windows-1257", "windows-1258", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
        "iso-8859-8", "iso-8859-8-i", "iso-8859-9", "iso-8859-10", "iso-8859-11", "tis-620", "windows-874", "iso-8859-13",
        "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u", "ibm866", "cp866", "macintosh", "mac", "x-mac-roman",
        "macroman",
    ]

    @Test(
        arguments: [
            ("windows-1253", 0xC1, 0x0391), ("windows-1254", 0xD0, 0x011E), ("windows-1254", 0xFD, 0x0131),
            ("windows-1255", 0xE0, 0x05D0), ("windows-1255", 0xA4, 0x20AA), ("windows-1256", 0xC7, 0x0627),
            ("windows-1256", 0x81, 0x067E), ("windows-1257", 0xC0, 0x0104), ("windows-1258", 0xFE, 0x20AB),
            ("windows-1258", 0xDD, 0x01AF), ("iso-8859-3", 0xA1, 0x0126), ("iso-8859-4", 0xA2, 0x0138),
            ("iso-8859-5", 0xB0, 0x0410), ("iso-8859-5", 0xF0, 0x2116), ("iso-8859-6", 0xC7, 0x0627),
            ("iso-8859-7", 0xC1, 0x0391), ("iso-8859-8", 0xE0, 0x05D0), ("iso-8859-8-i", 0xE0, 0x05D0),
            ("iso-8859-9", 0xD0, 0x011E), ("iso-8859-10", 0xA1, 0x0104), ("iso-8859-11", 0xA1, 0x0E01),
            ("tis-620", 0xA1, 0x0E01), ("iso-8859-13", 0xA1, 0x201D), ("iso-8859-14", 0xA1, 0x1E02),
            ("iso-8859-15", 0xBC, 0x0152), ("iso-8859-16", 0xA1, 0x0104), ("iso-8859-16", 0xA4, 0x20AC),
            ("koi8-u", 0xA4, 0x0454), ("ibm866", 0x80, 0x0410), ("cp866", 0xE0, 0x0440), ("macintosh", 0x80, 0x00C4),
            ("x-mac-roman", 0xDB, 0x20AC), ("latin5", 0xD0, 0x011E), ("cp1253", 0xC1, 0x0391),
        ] as [(String, UInt8, UInt32)])
    func singleByteCharacter(label: String, byte: UInt8, expected: UInt32) {
        #expect(Charsets.decode([byte], charset: label).unicodeScalars.map(\.value) == [expected])
    }

    @Test(arguments: singleByteLabels)
    func singleByteCharsetsReadEveryByteAsOneCharacter(label: String) {
        for byte in UInt8(0x80)...UInt8(0xFF) {
            #expect(Charsets.decode([byte], charset: label).unicodeScalars.count == 1, "\(label) byte \(byte)")
        }
        let ascii = (0..<0x80).map { UInt8($0) }
        #expect(Charsets.decode(ascii + [0xA0], charset: label).unicodeScalars.prefix(0x80).map(\.value) == ascii.map(UInt32.init))
    }

    @Test func unmappedSingleBytes() {
        // Windows code pages: the code point of the same value (WHATWG); elsewhere U+FFFD.
        #expect(Charsets.decode([0x81, 0x41], charset: "windows-1252") == "\u{81}A")
        #expect(Charsets.decode([0xAA], charset: "windows-1253") == "\u{AA}")
        #expect(Charsets.decode([0x41, 0xA5, 0x42], charset: "iso-8859-3") == "A\u{FFFD}B")
        #expect(Charsets.decode([0xA1], charset: "iso-8859-6") == "\u{FFFD}")
        #expect(Charsets.decode([0xDB], charset: "windows-874") == "\u{FFFD}")  // read as ISO-8859-11
        #expect(Charsets.decode([0x80], charset: "iso-8859-2") == "\u{80}")
    }

    @Test func combiningMarksAfterABaseLetterComposeInWindows1258() {
        // a + U+0301 → á. iconv holds a base letter back until it sees the next byte: the letter before
        // an unmapped byte still comes out before that byte's replacement.
        #expect(
            Charsets.decode([0x61, 0xEC, 0x20, 0x62, 0x81, 0x61], charset: "windows-1258").unicodeScalars.map(\.value) == [
                0xE1, 0x20, 0x62, 0x81, 0x61,
            ])
    }

    @Test func invalidMultiByteTextIsDecodedLineByLine() {
        let sjis = Charsets.decode([0x93, 0xFA, 0x96, 0x7B, 0x0A, 0x93, 0xFF, 0x0A, 0x8C, 0xEA], charset: "shift_jis")
        #expect(sjis == "日本\n\u{201C}ÿ\n語")  // the bad line is read as Windows-1252
        #expect(Charsets.decode([0xC7, 0xD1, 0xB1, 0xB9, 0x0A, 0xC7, 0xFF, 0x0A, 0x61], charset: "euc-kr") == "한국\nÇÿ\na")
        #expect(Charsets.decode([0xD6, 0xD0, 0x0A, 0x81, 0x20, 0x0A, 0x61], charset: "gbk") == "中\n\u{81} \na")
    }

    @Test func multiByteTextCutShortFallsBackAsAWhole() {
        // No line to split on: the whole text is read as Windows-1252.
        #expect(Charsets.decode([0x93, 0xFA, 0x96, 0x7B, 0x93], charset: "shift_jis") == "\u{201C}ú–{\u{201C}")
        #expect(Charsets.decode([0xA4, 0x40, 0xA4], charset: "big5") == "¤@¤")
    }

    @Test func japaneseKoreanAndChineseLabelsReadTheirSupersets() {
        // Shift_JIS is CP932: `\` and `~` stay ASCII, NEC row 13 and the full-width tilde decode.
        #expect(Charsets.decode(Array("a\\b~".utf8) + [0x87, 0x40, 0x81, 0x60], charset: "x-sjis") == "a\\b~①～")
        // EUC-JP is eucJP-ms: the same full-width tilde, and JIS X 0212 (0x8F triples).
        #expect(Charsets.decode([0xA1, 0xC1, 0x8F, 0xB0, 0xA1], charset: "euc-jp") == "～丂")
        // ISO-2022-JP is ISO-2022-JP-2: half-width katakana and KS C 5601 escapes.
        #expect(Charsets.decode([0x1B, 0x28, 0x49, 0x31, 0x32, 0x33, 0x1B, 0x28, 0x42], charset: "iso-2022-jp") == "ｱｲｳ")
        #expect(Charsets.decode([0x1B, 0x24, 0x28, 0x43, 0x47, 0x51, 0x31, 0x39, 0x1B, 0x28, 0x42], charset: "iso-2022-jp") == "한국")
        // EUC-KR is CP949 (Unified Hangul), GB 2312 is GB 18030 (four-byte sequences), Big5 falls back to HKSCS.
        #expect(Charsets.decode([0x8C, 0x63], charset: "ks_c_5601-1987") == "똠")
        #expect(Charsets.decode([0x95, 0x32, 0x82, 0x36], charset: "gb2312") == "𠀀")
        #expect(Charsets.decode([0x9D, 0xEF], charset: "big5") == "嘅")
        #expect(Charsets.decode([0x1B, 0x24, 0x29, 0x43, 0x0E, 0x47, 0x51, 0x0F], charset: "iso-2022-kr") == "한")
    }

    @Test func utf16And32ByteOrder() {
        #expect(Charsets.decode([0x00, 0x41, 0x00, 0xE9], charset: "utf-16") == "Aé")  // no BOM: big-endian
        #expect(Charsets.decode([0xFF, 0xFE, 0x41, 0x00, 0xE9, 0x00], charset: "utf-16") == "Aé")
        #expect(Charsets.decode([0xFE, 0xFF, 0x00, 0x41], charset: "UTF-16") == "A")
        #expect(Charsets.decode([0x41, 0x00, 0xE9], charset: "utf-16le") == "A")  // an incomplete unit is dropped
        #expect(Charsets.decode([0x41], charset: "utf-16be") == "")
        #expect(Charsets.decode([0xD8, 0x3D, 0xDE, 0x00], charset: "utf-16be") == "😀")
        #expect(Charsets.decode([0xD8, 0x00, 0x00, 0x41], charset: "utf-16be") == "\u{D8}\u{0}\u{0}A")  // lone surrogate: fallback
        #expect(Charsets.decode([0x00, 0x00, 0x00, 0x41, 0x00, 0x01, 0xF6, 0x00], charset: "utf-32") == "A😀")
        #expect(Charsets.decode([0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00], charset: "utf-32") == "A")
        #expect(Charsets.decode([0x41, 0x00, 0x00, 0x00, 0x42], charset: "utf-32le") == "A")
    }

    @Test func utf7IsLenient() {
        #expect(Charsets.decode(Array("+AOl-".utf8), charset: "utf-7") == "é")  // padding bits not zero
        #expect(Charsets.decode(Array("~ \\ +AOkA6Q- +- end+AOk".utf8), charset: "unicode-1-1-utf-7") == "~ \\ éé + endé")
        #expect(Charsets.decode(Array("8bit \u{E9}".utf8), charset: "utf-7") == "8bit é")  // not UTF-7: fallback
    }

    @Test func iconvWrapper() {
        #expect(Iconv.decode([0x41], from: "NO-SUCH-CHARSET", invalid: .replacementCharacter) == nil)
        #expect(Iconv.decode([0x93, 0xFF], from: "CP932", invalid: .fail) == nil)  // EILSEQ
        #expect(Iconv.decode([0x93], from: "CP932", invalid: .fail) == nil)  // EINVAL: cut short
        #expect(Iconv.decode([], from: "CP932", invalid: .fail) == "")
        // Output larger than the first buffer (two UTF-8 bytes per input byte): the buffer grows.
        let russian = String(repeating: "Привет мир ", count: 500)
        let koi8: [UInt8] = Array(repeating: [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x20, 0xCD, 0xC9, 0xD2, 0x20], count: 500).flatMap { $0 }
        #expect(Iconv.decode(koi8, from: "KOI8-R", invalid: .fail) == russian)
        // A descriptor put back after a failure in a shift state starts the next call in the initial state.
        #expect(Iconv.decode([0x1B, 0x24, 0x42, 0x46], from: "ISO-2022-JP-2", invalid: .fail) == nil)
        #expect(Iconv.decode(Array("plain".utf8), from: "ISO-2022-JP-2", invalid: .fail) == "plain")
    }

    @Test func concurrentDecodingWithMixedCharsets() async {
        let cases: [(String, [UInt8], String)] = [
            ("iso-8859-2", [0xA3, 0xF3, 0x64, 0xBC], "Łódź"),
            ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
            ("shift_jis", [0x93, 0xFA, 0x96, 0x7B], "日本"),
            ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42], "日本"),
            ("windows-1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], "Привет"),
            ("euc-kr", [0xC7, 0xD1, 0xB1, 0xB9], "한국"),
        ]
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var mismatches = 0
                    for round in 0..<300 {
                        let (label, bytes, expected) = cases[(task + round) % cases.count]
                        if Charsets.decode(bytes, charset: label) != expected { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
