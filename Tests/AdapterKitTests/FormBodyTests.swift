import AdapterKit
import Foundation
import TestSupport
import Testing

/// The byte-level form parser against the Foundation-based one it replaced (split on `&` and the first
/// `=`, `+` as space, then `removingPercentEncoding`, the component as written when that fails).
@Suite("Form bodies")
struct FormBodyTests {
    static func reference(_ text: String) -> [(String, String)] {
        func decode(_ component: Substring) -> String {
            let spaced = String(component).replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        return text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static let cases = [
        "Body=Hello+World&From=%2B14155550100&To=%2B15005550006",
        "a=1&&b=&=c&d", "text=100%25+sure", "bad=100%&x=%zz&y=%4", "utf8=%C3%A9t%C3%A9&emoji=%F0%9F%98%80",
        "invalid=%C3%28&lone=%FF", "plus=%2B%2b+", "eq=a=b=c", "", "&&&", "name%3Dx=v%26w", "Body=%00nul",
        "raw=café&x=ü+ü",
    ]

    @Test(arguments: cases)
    func matchesTheFoundationParser(_ text: String) {
        let parsed = FormBody.parse(text).fields.map { [$0.name, $0.value] }
        #expect(parsed == Self.reference(text).map { [$0.0, $0.1] })
    }

    @Test func matchesTheFoundationParserOnRandomBodies() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("ab=&+%2B%C3%A9%F%zz%25é ".unicodeScalars)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<24, using: &random)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)]) }
            let expected = Self.reference(text).map { [$0.0, $0.1] }
            // Foundation repairs some escapes that decode to invalid UTF-8 (a lone continuation byte) and
            // refuses others (a truncated sequence); the parser keeps every such component as written.
            if expected.joined().contains(where: { $0.contains("\u{FFFD}") }) { continue }
            #expect(FormBody.parse(text).fields.map { [$0.name, $0.value] } == expected, "\(text)")
        }
    }

    @Test func invalidUTF8InTheRawBodyIsRepairedNotDropped() {
        let form = FormBody.parse([UInt8(ascii: "a"), UInt8(ascii: "="), 0xFF, UInt8(ascii: "b")])
        #expect(form["a"] == "\u{FFFD}b")
    }
}
