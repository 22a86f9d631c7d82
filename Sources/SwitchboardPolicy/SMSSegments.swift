/// How many SMS segments a text takes (docs/providers.md §10): GSM-7 when every character is in the GSM 03.38
/// tables (extension characters cost two septets), UCS-2 otherwise; 160/153 and 70/67 characters, never
/// splitting an escape pair or a surrogate pair.
public struct SMSSegments: Sendable, Hashable {
    public enum Encoding: String, Sendable, Hashable { case gsm7 = "GSM-7", ucs2 = "UCS-2" }

    public var encoding: Encoding
    public var count: Int

    private static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    )
    private static let extended: Set<Character> = Set("^{}\\[~]|€\u{0C}")

    /// The segments for `text`.
    public init(text: String) {
        var units: [Int] = []  // cost of each character, in septets (GSM-7) or UTF-16 units (UCS-2)
        var gsm = true
        for character in text {
            if Self.basic.contains(character) {
                units.append(1)
            } else if Self.extended.contains(character) {
                units.append(2)
            } else {
                gsm = false
                break
            }
        }
        if !gsm { units = text.map { $0.utf16.count } }
        encoding = gsm ? .gsm7 : .ucs2
        let (single, part) = gsm ? (160, 153) : (70, 67)
        let total = units.reduce(0, +)
        if total <= single {
            count = 1
            return
        }
        var segments = 1, used = 0
        for unit in units {
            if used + unit > part {
                segments += 1
                used = 0
            }
            used += unit
        }
        count = segments
    }
}
