import SwitchboardCore
import TestSupport
import Testing

/// The parser's fast paths: strings and whitespace scanned eight bytes at a time, the cache of short
/// strings, containers collected on the parser's stacks. Each case is placed at every offset of an
/// 8-byte word and near the end of the input, where the scans fall back to single bytes.
@Suite struct JSONParserScanTests {
    @Test func findsTheSpecialByteAtEveryOffsetOfAWord() throws {
        for length in 0..<40 {
            for padding in 0..<9 {
                let text = String(repeating: "a", count: length)
                let document = String(repeating: " ", count: padding) + #"[""# + text + #"","x\"y","é\u00e9"]"#
                let value = try JSONParser.parse(document)
                #expect(value == .array([.string(text), .string("x\"y"), .string("éé")]), "length \(length), padding \(padding)")
            }
        }
    }

    @Test func escapesAtEveryPositionOfALongString() throws {
        let escapes: [(String, String)] = [
            (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\b"#, "\u{08}"), (#"\f"#, "\u{0C}"), (#"\n"#, "\n"),
            (#"\r"#, "\r"), (#"\t"#, "\t"), (#"\u0041"#, "A"), (#"\ud83d\ude00"#, "😀"), (#"\ud83d"#, "\u{FFFD}"),
            (#"\ude00"#, "\u{FFFD}"), (#"\ud83dx"#, "\u{FFFD}x"), (#"\ud83d\u0041"#, "\u{FFFD}"),
        ]
        for (escape, decoded) in escapes {
            for position in 0..<20 {
                let before = String(repeating: "b", count: position)
                let after = String(repeating: "c", count: 19 - position)
                let value = try JSONParser.parse(#"{"k":""# + before + escape + after + #""}"#)
                #expect(value["k"]?.string == before + decoded + after, "\(escape) at \(position)")
            }
        }
    }

    @Test func rejectsControlCharactersWhereTheyAre() {
        for position in 0..<20 {
            let text = #"["# + "\"" + String(repeating: "z", count: position) + "\u{01}" + "zzzzzzzzzzzz\"]"
            expectParseError(text, at: 2 + position, reason: "control character in string")
        }
    }

    @Test func reportsTheSameOffsetsAndReasonsAsBefore() {
        let cases: [(String, Int, String)] = [
            ("", 0, "unexpected end of input"),
            ("   ", 3, "unexpected end of input"),
            (#"{"a":1,}"#, 7, "trailing comma in object"),
            ("[1,\n        ]", 12, "trailing comma in array"),
            (#"{"a" 1}"#, 5, "expected ':' after key"),
            ("{\n        1}", 10, "expected a string key"),
            (#""abc"#, 4, "unterminated string"),
            (#""abcdefghijklmnopqrstuvwxyz"#, 27, "unterminated string"),
            ("[1] 2", 4, "unexpected trailing characters"),
            ("[1 2]", 3, "expected ',' or ']' in array"),
            (#"{"a":1 "b":2}"#, 7, "expected ',' or '}' in object"),
            ("[", 1, "unexpected end of input"),
            ("[1", 2, "unterminated array"),
            (#"{"a":1"#, 6, "unterminated object"),
            ("hello", 0, "unexpected character 'h'"),
            ("tru", 0, "unexpected end of input"),
            ("trux", 0, "invalid literal"),
            ("-", 1, "invalid number"),
            ("1.", 2, "invalid number fraction"),
            ("1e+", 3, "invalid number exponent"),
            (#""\x""#, 3, "invalid escape"),
            (#""\u12"#, 3, "truncated \\u escape"),
            (#""\u12G4""#, 5, "invalid hex digit in \\u escape"),
            (#""\"#, 2, "unterminated escape"),
            (#""ab\n"#, 5, "unterminated string"),
        ]
        for (text, offset, reason) in cases {
            expectParseError(text, at: offset, reason: reason)
        }
    }

    @Test func nestingLimitIsUnchanged() throws {
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONParser.parse(allowed).array?.count == 1)
        let mixed = String(repeating: #"{"a":["#, count: 256) + "1" + String(repeating: "]}", count: 256)
        #expect(try JSONParser.parse(mixed)["a"]?[0]?["a"] != nil)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        expectParseError(tooDeep, at: 512, reason: "nesting deeper than 512 levels")
        // An error deep inside leaves values on the parser's stacks; they are destroyed with it.
        let broken = String(repeating: #"{"k":[1,"two",{"x":"a long string, not a small one"},"#, count: 100) + "}"
        #expect(throws: JSONParseError.self) { try JSONParser.parse(broken) }
    }

    @Test func bigNumbersKeepTheirText() throws {
        let text = "[123456789012345678901234567890,-0.000000000000000000001,1E+308,-9223372036854775809,0]"
        let value = try JSONParser.parse(text)
        #expect(
            value.array?.compactMap(\.identifier) == [
                "123456789012345678901234567890", "-0.000000000000000000001", "1E+308", "-9223372036854775809", "0",
            ])
    }

    @Test func repeatedShortStringsAreEqualAndDistinctOnesAreNot() throws {
        // Keys of every length up to the cache's limit and beyond, differing only in the last byte or
        // in length, repeated across many objects (cache hits) and colliding slots.
        var keys: [String] = []
        for length in 1...18 {
            keys.append(String(repeating: "k", count: length))
            keys.append(String(repeating: "k", count: length - 1) + "j")
            keys.append(String(repeating: "é", count: length) + "x")
        }
        keys.append("")
        let object = "{" + keys.enumerated().map { #""\#($1)":"\#($0)""# }.joined(separator: ",") + "}"
        let document = "[" + Array(repeating: object, count: 20).joined(separator: ",\n  ") + "]"
        let value = try JSONParser.parse(document)
        #expect(value.array?.count == 20)
        for item in value.array ?? [] {
            #expect(item.object?.keys == keys)
            for (offset, key) in keys.enumerated() { #expect(item[key]?.string == String(offset)) }
        }
    }

    @Test func invalidUTF8IsRepairedAsBefore() throws {
        let bytes: [UInt8] = Array(#"["ab"#.utf8) + [0xFF, 0xC3] + Array(#"cd",""#.utf8) + [0xE2, 0x82, 0x22, 0x5D]
        let value = try JSONParser.parse(bytes)
        #expect(value == .array([.string("ab\u{FFFD}\u{FFFD}cd"), .string("\u{FFFD}")]))
    }

    @Test func randomDocumentsRoundTripCompactAndPretty() throws {
        var generator = SeededRandom(seed: 42)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            #expect(try JSONParser.parse(value.documentText) == value)
            #expect(try JSONParser.parse(JSONWriter(sortedKeys: false, pretty: true).string(value)) == value)
        }
    }

    private static func randomValue(depth: Int, using generator: inout SeededRandom) -> JSONValue {
        let choice = depth > 4 ? Int.random(in: 0..<4, using: &generator) : Int.random(in: 0..<6, using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(String(Int64.random(in: .min ... .max, using: &generator)))
        case 3: return .string(randomString(using: &generator))
        case 4: return .array((0..<Int.random(in: 0..<7, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            let members = (0..<Int.random(in: 0..<7, using: &generator)).map { _ in
                (randomString(using: &generator), randomValue(depth: depth + 1, using: &generator))
            }
            return .object(JSONObject(members))
        }
    }

    private static func randomString(using generator: inout SeededRandom) -> String {
        let alphabet: [String] = ["a", "b", "\"", "\\", "\n", "\u{01}", "é", "😀", "/", " ", "\u{1F}", "z"]
        return (0..<Int.random(in: 0..<24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
    }
}

/// Expects parsing `text` to fail at `offset` for `reason` (`JSONParseError`'s initializer is internal).
private func expectParseError(_ text: String, at offset: Int, reason: String) {
    do throws(JSONParseError) {
        _ = try JSONParser.parse(text)
        Issue.record("no error for \(text), expected \(reason) at \(offset)")
    } catch {
        #expect(error.offset == offset && error.reason == reason, "\(text): \(error)")
    }
}
