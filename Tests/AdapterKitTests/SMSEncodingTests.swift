import AdapterKit
import Testing

@Suite struct SMSEncodingTests {
    @Test(arguments: [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)])
    func gsmSegmentBoundaries(length: Int, segments: Int) {
        let encoding = SMSEncoding(String(repeating: "a", count: length))
        #expect(encoding.scheme == .gsm7)
        #expect(encoding.units == length)
        #expect(encoding.segments == segments)
    }

    @Test(arguments: [(70, 1), (71, 2), (134, 2), (135, 3)])
    func ucs2SegmentBoundaries(length: Int, segments: Int) {
        // One Cyrillic letter forces UCS-2 for the whole text.
        let encoding = SMSEncoding(String(repeating: "ж", count: length))
        #expect(encoding.scheme == .ucs2)
        #expect(encoding.units == length)
        #expect(encoding.segments == segments)
    }

    @Test func extensionCharactersCostTwoSeptets() {
        #expect(SMSEncoding("€").units == 2)
        #expect(SMSEncoding("{}[]~|^\\€").units == 18)
        #expect(SMSEncoding(String(repeating: "€", count: 80)).segments == 1)  // 160 septets
        #expect(SMSEncoding(String(repeating: "€", count: 81)).segments == 2)  // 162 septets
        #expect(SMSEncoding(String(repeating: "€", count: 81)).characters == 81)
    }

    @Test func anEscapeSequenceIsNeverSplitAcrossSegments() {
        // 306 septets would fit two segments, but the escape + € cannot straddle the first boundary.
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152)
        let encoding = SMSEncoding(text)
        #expect(encoding.units == 306)
        #expect(encoding.segments == 3)
    }

    @Test func emojiAreSurrogatePairsAndAreNeverSplit() {
        #expect(SMSEncoding("😀").units == 2)
        #expect(SMSEncoding("😀").characters == 1)
        #expect(SMSEncoding(String(repeating: "😀", count: 35)).segments == 1)  // 70 units
        #expect(SMSEncoding(String(repeating: "😀", count: 36)).segments == 2)  // 72 units
        // 134 units would fit two segments of 67, but a pair cannot straddle a boundary: 33 + 33 + 1.
        #expect(SMSEncoding(String(repeating: "😀", count: 67)).segments == 3)
    }

    @Test func oneNonGSMCharacterSwitchesTheWholeTextToUCS2() {
        let gsm = String(repeating: "a", count: 100) + "Ç"
        #expect(SMSEncoding(gsm).scheme == .gsm7)
        let ucs = String(repeating: "a", count: 100) + "ç"
        #expect(SMSEncoding(ucs).scheme == .ucs2)
        #expect(SMSEncoding(ucs).segments == 2)
        #expect(SMSEncoding("“quoted”").scheme == .ucs2)
        #expect(!SMSEncoding.isGSM7("naïve"))
        #expect(SMSEncoding.isGSM7("Grüße? No: Grüsse, ¿qué? ñ"))
    }

    @Test func annotationsCarryEncodingSegmentsAndCharacters() {
        let annotations = SMSEncoding("Hi 👋").annotations
        #expect(annotations["encoding"] == "UCS-2")
        #expect(annotations["segments"] == 1)
        #expect(annotations["characters"] == 4)
    }
}
