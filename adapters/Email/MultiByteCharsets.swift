import Foundation

/// Japanese, Korean and Chinese charsets, through Foundation's converters.
///
/// Checked on Linux (swift-corelibs-foundation, Swift 6.3): Shift_JIS, ISO-2022-JP, Windows-949
/// (a superset of EUC-KR; Outlook's `ks_c_5601-1987` is really this), GB 18030 (a superset of GBK
/// and GB 2312), Big5 and ISO-2022-KR/CN convert; EUC-JP does not, so it is rewritten here into
/// ISO-2022-JP (both carry JIS X 0208; half-width katakana are mapped directly). The raw values are
/// `0x8000_0000 | CFStringEncoding`, which is how Foundation numbers encodings it has no name for.
enum MultiByteCharsets {
    private static let encodings: [String: [String.Encoding]] = [
        "shift_jis": [.shiftJIS],
        "iso-2022-jp": [.iso2022JP, String.Encoding(rawValue: 0x8000_0A21)],
        "euc-kr": [String.Encoding(rawValue: 0x8000_0422), String.Encoding(rawValue: 0x8000_0940)],
        "gb18030": [String.Encoding(rawValue: 0x8000_0632), String.Encoding(rawValue: 0x8000_0930)],
        "big5": [String.Encoding(rawValue: 0x8000_0A03), String.Encoding(rawValue: 0x8000_0A06)],
        "iso-2022-kr": [String.Encoding(rawValue: 0x8000_0840)],
        "iso-2022-cn": [String.Encoding(rawValue: 0x8000_0830)],
    ]

    /// Whether `label` (normalized) is decoded here.
    static func isSupported(_ label: String) -> Bool { label == "euc-jp" || encodings[label] != nil }

    /// The text, or `nil` when the label is not one of these or the bytes do not convert.
    static func decode(_ bytes: [UInt8], label: String) -> String? {
        if label == "euc-jp" { return decodeEUCJP(bytes) }
        guard let candidates = encodings[label] else { return nil }
        for encoding in candidates {
            if let text = String(data: Data(bytes), encoding: encoding) { return text }
        }
        // Invalid sequences somewhere: convert line by line so one bad line does not lose the rest.
        guard bytes.contains(0x0A), label != "iso-2022-jp" else { return nil }
        return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            candidates.lazy.compactMap { String(data: Data(line), encoding: $0) }.first ?? Charsets.utf8OrLatin(Array(line))
        }.joined(separator: "\n")
    }

    /// EUC-JP: JIS X 0208 pairs (0xA1–0xFE twice) become ISO-2022-JP runs; `0x8E` + byte is a
    /// half-width katakana; `0x8F` (JIS X 0212) triples become U+FFFD.
    private static func decodeEUCJP(_ bytes: [UInt8]) -> String? {
        var output = ""
        var jis: [UInt8] = []
        func flush() -> Bool {
            guard !jis.isEmpty else { return true }
            let wrapped: [UInt8] = [0x1B, 0x24, 0x42] + jis + [0x1B, 0x28, 0x42]
            jis = []
            guard let text = String(data: Data(wrapped), encoding: .iso2022JP) else { return false }
            output += text
            return true
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0xA1, byte <= 0xFE, index + 1 < bytes.count, bytes[index + 1] >= 0xA1 {
                jis += [byte & 0x7F, bytes[index + 1] & 0x7F]
                index += 2
                continue
            }
            guard flush() else { return nil }
            if byte == 0x8E, index + 1 < bytes.count, (0xA1...0xDF).contains(bytes[index + 1]) {
                output.unicodeScalars.append(Unicode.Scalar(0xFF61 + UInt32(bytes[index + 1] - 0xA1))!)
                index += 2
            } else if byte == 0x8F, index + 2 < bytes.count {
                output += "\u{FFFD}"
                index += 3
            } else if byte < 0x80 {
                output.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
            } else {
                return nil
            }
        }
        guard flush() else { return nil }
        return output
    }
}
