/// How one charset label (normalized by ``Charsets/normalizedLabel(_:)``) is decoded.
///
/// - Single-byte charsets never fail: a byte the charset leaves unmapped reads as U+FFFD, except in
///   the Windows code pages, where it reads as the code point of the same value (U+0081 for 0x81,
///   as the WHATWG Encoding Standard specifies for the C1 range).
/// - Multi-byte charsets fail as a whole on an invalid sequence; the text is then decoded line by
///   line, so one bad line does not lose the rest (a failing line falls back to UTF-8 /
///   Windows-1252). ISO-2022-JP and EUC-JP are not split: they fail as a whole.
/// - UTF-16 and UTF-32 drop an incomplete last code unit; without a byte order mark, `utf-16` and
///   `utf-32` are big-endian (RFC 2781). UTF-7 is decoded by ``UTF7``, which is more lenient than
///   `iconv` (stray `~` and `\`, non-zero padding bits, an unterminated run).
///
/// Everything but UTF-7 goes through the C library's `iconv` (``Iconv``). The labels are the ones
/// `iconv` knows under the same name, and aliases where the name differs or where mail means a
/// superset: Shift_JIS is Microsoft's CP932 (Windows-31J: `\` and `~` stay ASCII, the NEC and IBM
/// extensions decode) and EUC-JP its EUC counterpart (eucJP-ms), ISO-2022-JP is ISO-2022-JP-2
/// (half-width katakana and Korean escapes too), EUC-KR is CP949 (Outlook's `ks_c_5601-1987` is
/// really this), GB 2312 and GBK are GB 18030, and Big5 falls back to Big5-HKSCS.
struct CharsetConverter: Sendable {
    private enum Method {
        /// `iconv` names tried in order; `byLine`: a failed conversion is retried line by line.
        case iconv(names: [String], invalid: Iconv.InvalidBytes, byLine: Bool)
        /// UTF-16 or UTF-32 (`width` 2 or 4); `name` without an endianness reads a byte order mark.
        case unicode(name: String, width: Int)
        case utf7
    }

    private let method: Method

    /// Windows-1252, the fallback for text that is not UTF-8.
    static let windows1252 = CharsetConverter(method: .iconv(names: ["WINDOWS-1252"], invalid: .sameCodePoint, byLine: false))

    private init(method: Method) { self.method = method }

    /// The converter for a normalized label, or `nil` for UTF-8, US-ASCII and labels Switchboard
    /// does not decode (those take the UTF-8 / Windows-1252 fallback).
    init?(label: String) {
        if label.hasPrefix("windows-"), let number = Int(label.dropFirst(8)), (1250...1258).contains(number) {
            self.init(method: .iconv(names: [label], invalid: .sameCodePoint, byLine: false))
        } else if let name = Self.singleByte[label] {
            self.init(method: .iconv(names: [name ?? label], invalid: .replacementCharacter, byLine: false))
        } else if let names = Self.multiByte[label] {
            let whole = label == "iso-2022-jp" || label == "euc-jp"
            self.init(method: .iconv(names: names ?? [label], invalid: .fail, byLine: !whole))
        } else if label.hasPrefix("utf-16") || label.hasPrefix("utf-32"), ["", "le", "be"].contains(label.dropFirst(6)) {
            self.init(method: .unicode(name: label, width: label.hasPrefix("utf-16") ? 2 : 4))
        } else if label == "utf-7" {
            self.init(method: .utf7)
        } else {
            return nil
        }
    }

    /// Single-byte labels; a value is the `iconv` name where it differs from the label.
    private static let singleByte: [String: String?] = [
        "iso-8859-2": nil, "iso-8859-3": nil, "iso-8859-4": nil, "iso-8859-5": nil, "iso-8859-6": nil,
        "iso-8859-7": nil, "iso-8859-8": nil, "iso-8859-8-i": "ISO-8859-8", "iso-8859-9": nil, "iso-8859-10": nil,
        "iso-8859-11": nil, "tis-620": "ISO-8859-11", "windows-874": "ISO-8859-11", "iso-8859-13": nil,
        "iso-8859-14": nil, "iso-8859-15": nil, "iso-8859-16": nil, "koi8-r": nil, "koi8-u": nil,
        "ibm866": nil, "cp866": nil, "macintosh": nil, "mac": "MACINTOSH", "x-mac-roman": "MACINTOSH",
        "macroman": "MACINTOSH",
    ]

    /// Multi-byte labels; a value is the `iconv` names where they differ from the label.
    private static let multiByte: [String: [String]?] = [
        "shift_jis": ["CP932"], "euc-jp": ["EUC-JP-MS"], "iso-2022-jp": ["ISO-2022-JP-2"], "euc-kr": ["CP949"],
        "gb18030": nil, "big5": ["BIG5", "BIG5-HKSCS"], "iso-2022-kr": nil, "iso-2022-cn": nil,
    ]

    /// The text, or `nil` when the bytes do not convert.
    func decode(_ bytes: [UInt8]) -> String? {
        switch method {
        case .utf7:
            return UTF7.decode(bytes)
        case .unicode(let name, let width):
            let whole = Array(bytes.prefix(bytes.count - bytes.count % width))
            let bigEndian = name.count == 6 && !Self.hasByteOrderMark(whole, width: width)
            return Iconv.decode(whole, from: bigEndian ? name + "be" : name, invalid: .fail)
        case .iconv(let names, let invalid, let byLine):
            if let text = Self.convert(bytes, names: names, invalid: invalid) { return text }
            guard byLine, bytes.contains(0x0A) else { return nil }
            return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
                Self.convert(Array(line), names: names, invalid: invalid) ?? Charsets.utf8OrLatin(Array(line))
            }.joined(separator: "\n")
        }
    }

    private static func convert(_ bytes: [UInt8], names: [String], invalid: Iconv.InvalidBytes) -> String? {
        for name in names {
            if let text = Iconv.decode(bytes, from: name, invalid: invalid) { return text }
        }
        return nil
    }

    /// Whether a bare `utf-16` / `utf-32` text starts with a byte order mark (either order).
    private static func hasByteOrderMark(_ bytes: [UInt8], width: Int) -> Bool {
        let head = Array(bytes.prefix(width))
        return width == 2
            ? head == [0xFF, 0xFE] || head == [0xFE, 0xFF]
            : head == [0xFF, 0xFE, 0x00, 0x00] || head == [0x00, 0x00, 0xFE, 0xFF]
    }
}
