import MetaAdapter
import SwitchboardCore
import Testing

@Suite struct MetaOutboundLimitsTests {
    typealias F = MetaOutboundFixture

    static func buttons(_ count: Int, title: (Int) -> String = { "Option \($0)" }) -> String {
        (1...count).map { #"{"id": "b\#($0)", "title": "\#(title($0))"}"# }.joined(separator: ",")
    }

    static func rows(_ count: Int) -> String {
        (1...count).map { #"{"id": "r\#($0)", "title": "Row \#($0)"}"# }.joined(separator: ",")
    }

    static let wa = #""conversation": "whatsapp:1065:16505551234""#
    static let fb = #""conversation": "messenger:1067:1254""#
    static let ig = #""conversation": "instagram:1784:1914""#

    /// (message, refusal code, words the refusal must contain).
    static let refusals: [(String, String, [String])] = [
        (
            #"{\#(wa), "content": {"type": "interactive", "text": "Pick", "interactive": {"buttons": [\#(buttons(4))]}}}"#,
            "invalid_message", ["whatsapp", "3 reply buttons", "got 4"]
        ),
        (
            #"{\#(wa), "content": {"type": "interactive", "text": "Pick", "interactive": {"buttons": [\#(buttons(1) { _ in String(repeating: "t", count: 21) })]}}}"#,
            "invalid_message", ["whatsapp", "20 characters"]
        ),
        (
            #"{\#(wa), "content": {"type": "text", "text": "\#(String(repeating: "x", count: 5000))"}}"#, "invalid_message",
            ["whatsapp", "4096", "5000"]
        ),
        (
            #"{\#(fb), "content": {"type": "text", "text": "\#(String(repeating: "x", count: 5000))"}}"#, "invalid_message",
            ["messenger", "2000", "5000"]
        ),
        (
            #"{\#(wa), "content": {"type": "interactive", "text": "Pick", "interactive": {"list": {"button": "Open", "sections": [{"title": "A", "rows": [\#(rows(6))]}, {"title": "B", "rows": [\#(rows(5))]}]}}}}"#,
            "invalid_message", ["whatsapp", "10 list rows", "got 11"]
        ),
        (
            #"{\#(fb), "content": {"type": "template", "template": {"name": "hello_world", "language": "en_US"}}}"#,
            "unsupported_content", ["messenger", "template"]
        ),
        (
            #"{\#(ig), "content": {"type": "contacts", "contacts": [{"name": "Ada"}]}}"#,
            "unsupported_content", ["instagram", "contacts"]
        ),
        (
            #"{\#(fb), "content": {"type": "interactive", "text": "Pick", "interactive": {"buttons": [\#(buttons(14))]}}}"#,
            "invalid_message", ["messenger", "13 quick replies", "got 14"]
        ),
        (
            #"{\#(ig), "content": {"type": "text", "text": "\#(String(repeating: "é", count: 501))"}}"#,
            "invalid_message", ["instagram", "1000 UTF-8 bytes"]
        ),
        (
            #"{\#(wa), "content": {"type": "media", "text": "hear this", "attachments": [{"kind": "voice", "provider_media_id": "1"}]}}"#,
            "invalid_message", ["whatsapp", "caption", "voice"]
        ),
        (
            #"{\#(wa), "content": {"type": "action", "action": {"name": "typing_off"}}}"#,
            "unsupported_content", ["whatsapp", "typing_off"]
        ),
        (
            #"{\#(fb), "tag": "HUMAN_AGENT", "promotional": true, "content": {"type": "text", "text": "Sale!"}}"#,
            "invalid_message", ["promotional"]
        ),
    ]

    @Test(arguments: refusals)
    func limitsAreRefusedWithAClearMessage(json: String, code: String, words: [String]) throws {
        let error = try #require(try F.refusal(json))
        #expect(error.code.rawValue == code)
        for word in words { #expect(error.message.contains(word), "\(error.message) should mention \(word)") }
    }

    /// Exactly at the limit is allowed.
    static let boundaries: [String] = [
        #"{\#(wa), "content": {"type": "interactive", "text": "Pick", "interactive": {"buttons": [\#(buttons(3) { _ in String(repeating: "t", count: 20) })]}}}"#,
        #"{\#(wa), "content": {"type": "text", "text": "\#(String(repeating: "x", count: 4096))"}}"#,
        #"{\#(fb), "content": {"type": "text", "text": "\#(String(repeating: "x", count: 2000))"}}"#,
        #"{\#(fb), "content": {"type": "interactive", "text": "Pick", "interactive": {"buttons": [\#(buttons(13))]}}}"#,
        #"{\#(wa), "content": {"type": "interactive", "text": "Pick", "interactive": {"list": {"button": "Open", "sections": [{"title": "A", "rows": [\#(rows(10))]}]}}}}"#,
        #"{\#(ig), "content": {"type": "text", "text": "\#(String(repeating: "é", count: 500))"}}"#,
    ]

    @Test(arguments: boundaries)
    func limitsAreInclusive(json: String) throws {
        #expect(try F.refusal(json) == nil)
    }
}
