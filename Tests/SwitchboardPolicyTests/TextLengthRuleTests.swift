import SwitchboardCore
import SwitchboardPolicy
import Testing

/// `text_length`: a text over its channel's limit (policy.text_limits) is refused with the numbers and a remedy,
/// before anything is priced; at the limit it passes.
@Suite("Text length rule")
struct TextLengthRuleTests {
    @Test("an SMS of 1 MiB is refused by text_length, not priced as thousands of segments")
    func megabyteSMS() {
        let decision = Fx.decide(Fx.text(.sms, String(repeating: "a", count: 1 << 20)), Fx.conversation(.sms), now: Fx.at(hours: 1))
        #expect(decision.refusal?.code == "text_too_long")
        #expect(decision.rule == "text_length")
        #expect(decision.refusal?.message.contains("1048576 characters") == true)
        #expect(decision.refusal?.message.contains("at most 1600") == true)
        #expect(decision.refusal?.remedy?.contains("split") == true)
    }

    @Test("SMS at 1600 GSM-7 characters passes the character limit but not the 10-segment one; 10 segments pass")
    func smsEdges() {
        // 1530 GSM-7 characters are exactly 10 segments of 153; one more is 11.
        let ten = Fx.decide(Fx.text(.sms, String(repeating: "a", count: 1530)), Fx.conversation(.sms), now: Fx.at(hours: 1))
        #expect(ten.refusal?.rule != "text_length")
        let eleven = Fx.decide(Fx.text(.sms, String(repeating: "a", count: 1531)), Fx.conversation(.sms), now: Fx.at(hours: 1))
        #expect(eleven.refusal?.code == "text_too_long")
        #expect(eleven.refusal?.message.contains("11 SMS segments (GSM-7)") == true)
        // UCS-2: 10 segments of 67 units.
        let unicode = Fx.decide(Fx.text(.sms, String(repeating: "é€ж", count: 224)), Fx.conversation(.sms), now: Fx.at(hours: 1))
        #expect(unicode.refusal?.code == "text_too_long")
    }

    @Test("WhatsApp allows 4096 characters and refuses 4097; the limit comes from policy.text_limits")
    func configured() throws {
        #expect(
            Fx.decide(Fx.text(.whatsapp, String(repeating: "b", count: 4096)), Fx.conversation(.whatsapp), now: Fx.at(hours: 1)).refusal
                == nil)
        let over = Fx.decide(Fx.text(.whatsapp, String(repeating: "b", count: 4097)), Fx.conversation(.whatsapp), now: Fx.at(hours: 1))
        #expect(over.refusal?.code == "text_too_long")
        let configuration = try PolicyConfiguration(
            json: ["text_limits": ["whatsapp": ["max_characters": 10], "sms": ["max_characters": .null, "max_segments": .null]]])
        #expect(configuration.textLimits[.whatsapp]?.maxCharacters == 10)
        #expect(configuration.textLimits[.sms] == TextLimit())
        #expect(throws: SwitchboardError.self) { try PolicyConfiguration(json: ["text_limits": ["fax": ["max_characters": 1]]]) }
        #expect(throws: SwitchboardError.self) { try PolicyConfiguration(json: ["text_limits": ["sms": ["max_bytes": 1]]]) }
    }
}
