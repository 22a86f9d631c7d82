import SwitchboardCore

/// How a text travels as SMS: GSM-7 or UCS-2, how many units it costs and how many segments it
/// takes (docs/providers.md §10).
///
/// - GSM-7 counts septets: characters of the GSM 03.38 default alphabet cost 1, characters of the
///   extension table (`€ [ ] { } \ ^ ~ |` and form feed) cost 2 (escape + character).
/// - A single character outside that alphabet switches the whole text to UCS-2, which counts UTF-16
///   code units: characters outside the BMP (most emoji) are surrogate pairs and cost 2.
/// - One message carries 160 septets / 70 units; a concatenated message carries 153 / 67 per segment
///   (6-byte UDH). Segments are packed greedily and never split an escape sequence or a surrogate
///   pair, so a text can need one more segment than `units / 153` suggests.
///
/// `characters` counts Unicode scalars (code points), the unit SMS segment calculators and
/// providers' character limits (Twilio's 1600) use; an empty text is 0 characters and 0 segments.
public struct SMSEncoding: Sendable, Hashable {
    /// The character set a text is sent in.
    public enum Scheme: String, Sendable, Hashable {
        case gsm7 = "GSM-7"
        case ucs2 = "UCS-2"
    }

    /// GSM-7 when every character is in the default alphabet or its extension table, else UCS-2.
    public var scheme: Scheme
    /// Septets (GSM-7) or UTF-16 code units (UCS-2) the whole text costs.
    public var units: Int
    /// Unicode scalars in the text.
    public var characters: Int
    /// Number of SMS segments the text is sent as.
    public var segments: Int

    /// Units in a single, unconcatenated message (160 or 70).
    public var singleMessageCapacity: Int { scheme == .gsm7 ? 160 : 70 }
    /// Units per segment of a concatenated message (153 or 67).
    public var segmentCapacity: Int { scheme == .gsm7 ? 153 : 67 }

    /// Analyzes `text`.
    public init(_ text: String) {
        var gsmCosts: [Int] = []
        var isGSM = true
        var scalarCount = 0
        for scalar in text.unicodeScalars {
            scalarCount += 1
            guard isGSM else { continue }
            if let cost = Self.gsmCost(scalar) { gsmCosts.append(cost) } else { isGSM = false }
        }
        characters = scalarCount
        if isGSM {
            scheme = .gsm7
            (units, segments) = Self.pack(gsmCosts, single: 160, perSegment: 153)
        } else {
            scheme = .ucs2
            (units, segments) = Self.pack(text.unicodeScalars.map { $0.value > 0xFFFF ? 2 : 1 }, single: 70, perSegment: 67)
        }
    }

    /// The `annotations` every SMS request carries: `{"encoding", "segments", "characters"}`.
    public var annotations: JSONObject {
        JSONObject([("encoding", .string(scheme.rawValue)), ("segments", .int(segments)), ("characters", .int(characters))])
    }

    /// Whether `text` can be sent in GSM-7.
    public static func isGSM7(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { gsmCost($0) != nil } }

    /// The septet cost of one scalar in GSM-7, or `nil` when GSM-7 cannot carry it.
    public static func gsmCost(_ scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }

    /// Total units and greedy segment count for per-character costs (no character split across segments).
    static func pack(_ costs: [Int], single: Int, perSegment: Int) -> (units: Int, segments: Int) {
        let total = costs.reduce(0, +)
        if total == 0 { return (0, 0) }
        if total <= single { return (total, 1) }
        var segments = 1
        var used = 0
        for cost in costs {
            if used + cost > perSegment {
                segments += 1
                used = 0
            }
            used += cost
        }
        return (total, segments)
    }

    /// The GSM 03.38 default alphabet (basic character set), escape excluded.
    static let basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)

    /// The GSM 03.38 extension table: each costs an escape septet plus its own.
    static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
