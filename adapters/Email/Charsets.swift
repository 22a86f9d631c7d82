import Foundation

/// Turning bytes in a declared charset into text, for every label real mail uses, without ever failing.
///
/// - UTF-8, US-ASCII and unlabelled text: UTF-8 when the bytes are valid UTF-8, else Windows-1252
///   (the usual mislabel). C1 control characters (U+0080–U+009F), which only appear when cp1252
///   text went through a Latin-1 → UTF-8 conversion, are mapped back to what cp1252 meant (`€`, `‘`, ...).
/// - ISO-8859-1 is read as Windows-1252 (a superset; the WHATWG Encoding Standard does the same).
/// - Every other charset ``CharsetConverter`` knows (Windows-125x, ISO-8859-x, KOI8, UTF-16/32,
///   Japanese, Korean and Chinese) goes through the C library's `iconv` (``Iconv``); UTF-7 through ``UTF7``.
/// - An unknown label ("fakescii") or bytes invalid in the declared charset fall back to the
///   UTF-8 / Windows-1252 rule above.
public enum Charsets {
    /// Decodes `bytes` declared as `charset` (any case; `nil` for none).
    public static func decode(_ bytes: [UInt8], charset: String?) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            let label = charset.map(normalizedLabel) ?? "utf-8"
            // Pure ASCII reads the same in every ASCII-compatible charset.
            if label != "utf-7" && label != "iso-2022-jp" && !label.hasPrefix("utf-16") && !label.hasPrefix("utf-32")
                && label != "iso-2022-kr" && label != "hz-gb-2312"
            {
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        guard let charset, let converter = CharsetConverter(label: normalizedLabel(charset)) else {
            return utf8OrLatin(bytes)
        }
        return converter.decode(bytes) ?? utf8OrLatin(bytes)
    }

    /// Header bytes as text: raw UTF-8 (RFC 6532) when valid, else Windows-1252.
    public static func decodeHeaderBytes(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return utf8OrLatin(bytes)
    }

    /// Lower-cased label with aliases folded (`latin1` → `windows-1252`, `cp1252` → `windows-1252`, ...).
    public static func normalizedLabel(_ charset: String) -> String {
        var label = charset.trimmingSpaces().lowercased().trimming("\"'")
        if let star = label.firstIndex(of: "*") { label = String(label[..<star]) }
        if label.utf8.contains(UInt8(ascii: "_")) {
            label = String(String.UnicodeScalarView(label.unicodeScalars.map { $0 == "_" ? "-" : $0 }))
        }
        switch label {
        case "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "ascii", "us", "ansi-x3.4-1968", "iso646-us", "iso-646.irv:1991", "cp367", "ibm367", "646", "us-ascii": return "us-ascii"
        case "latin1", "latin-1", "l1", "iso8859-1", "iso-8859-1", "iso-ir-100", "cp819", "ibm819", "iso-8859-1:1987": return "windows-1252"
        case "utf7", "unicode-1-1-utf-7", "x-utf-7": return "utf-7"
        case "sjis", "shift-jis", "x-sjis", "ms-kanji", "csshiftjis", "windows-31j", "cp932", "ms932": return "shift_jis"
        case "euc-jp", "eucjp", "x-euc-jp", "cseucpkdfmtjapanese": return "euc-jp"
        case "iso-2022-jp", "csiso2022jp", "iso2022jp", "iso-2022-jp-2", "iso-2022-jp-1": return "iso-2022-jp"
        case "ks-c-5601-1987", "ks-c-5601", "ksc5601", "ksc-5601", "euc-kr", "euckr", "cp949", "uhc", "windows-949", "korean",
            "csksc56011987":
            return "euc-kr"
        case "gb2312", "gbk", "cp936", "x-gbk", "euc-cn", "csgb2312", "chinese", "gb-2312", "gb18030": return "gb18030"
        case "big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "big5-hkscs": return "big5"
        default: break
        }
        if label.hasPrefix("cp"), let number = Int(label.dropFirst(2)), (1250...1258).contains(number) { return "windows-\(number)" }
        if label.hasPrefix("x-cp"), let number = Int(label.dropFirst(4)), (1250...1258).contains(number) { return "windows-\(number)" }
        if label.hasPrefix("iso8859-") { return "iso-8859-" + label.dropFirst(8) }
        if label.hasPrefix("iso-8859-"), let dash = label.dropFirst(9).firstIndex(of: ":") { return String(label[..<dash]) }
        if label.hasPrefix("latin"), let number = Int(label.dropFirst(5)) {
            let map = [2: "iso-8859-2", 3: "iso-8859-3", 4: "iso-8859-4", 5: "iso-8859-9", 6: "iso-8859-10", 9: "iso-8859-15"]
            if let mapped = map[number] { return mapped }
        }
        return label
    }

    /// UTF-8 when valid (with C1 controls repaired), else Windows-1252.
    static func utf8OrLatin(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid sequences with U+FFFD, so valid input comes back byte for byte.
        guard text.utf8.count == bytes.count, sameBytes(text, bytes) else {
            return CharsetConverter.windows1252.decode(bytes) ?? text
        }
        // C1 controls (U+0080–U+009F) are C2 80…C2 9F in UTF-8.
        var hasC1 = false
        for index in bytes.indices.dropLast() where bytes[index] == 0xC2 && bytes[index + 1] >= 0x80 && bytes[index + 1] <= 0x9F {
            hasC1 = true
            break
        }
        guard hasC1 else { return text }
        // Each run of C1 controls is read again as the cp1252 bytes of the same values.
        var repaired = ""
        var run: [UInt8] = []
        func flushRun() {
            guard !run.isEmpty else { return }
            repaired += CharsetConverter.windows1252.decode(run) ?? String(decoding: run, as: UTF8.self)
            run = []
        }
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x80, scalar.value <= 0x9F {
                run.append(UInt8(scalar.value))
            } else {
                flushRun()
                repaired.unicodeScalars.append(scalar)
            }
        }
        flushRun()
        return repaired
    }

    /// Whether the string's UTF-8 is exactly `bytes` (memcmp over contiguous storage).
    private static func sameBytes(_ text: String, _ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        let fast = text.utf8.withContiguousStorageIfAvailable { stored in
            bytes.withUnsafeBufferPointer { memcmp(stored.baseAddress!, $0.baseAddress!, bytes.count) == 0 }
        }
        return fast ?? text.utf8.elementsEqual(bytes)
    }
}
