import Foundation
import SwitchboardCore

/// `application/x-www-form-urlencoded` parsing that keeps order and repeated names.
public struct FormBody: Sendable, Hashable {
    public var fields: [(name: String, value: String)]

    public static func == (lhs: FormBody, rhs: FormBody) -> Bool {
        lhs.fields.map { [$0.name, $0.value] } == rhs.fields.map { [$0.name, $0.value] }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields { hasher.combine(field.name); hasher.combine(field.value) }
    }

    /// Parses `a=1&b=x+y&c=%C3%A9`.
    public static func parse(_ text: String) -> FormBody {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Parses raw body bytes (invalid UTF-8 is repaired to U+FFFD first, as `String(decoding:)` does).
    public static func parse(_ bytes: [UInt8]) -> FormBody { parse(String(decoding: bytes, as: UTF8.self)) }

    /// Splits on `&` and the first `=` of each pair and decodes both sides, byte by byte: `+` is a space,
    /// `%XX` a byte. A component with a malformed escape, or whose escapes decode to invalid UTF-8, is
    /// kept as written (with `+` as space), as Foundation's `removingPercentEncoding` fallback did.
    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> FormBody {
        var fields: [(name: String, value: String)] = []
        var pairStart = 0
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == UInt8(ascii: "&") {
                if index > pairStart {
                    var equals = pairStart
                    while equals < index && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                    let name = decode(UnsafeBufferPointer(rebasing: bytes[pairStart..<equals]))
                    let value = equals < index ? decode(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<index])) : ""
                    fields.append((name: name, value: value))
                }
                pairStart = index + 1
            }
            index += 1
        }
        return FormBody(fields: fields)
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var escapesValid = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    output.append(high << 4 | low)
                    index += 2
                } else {
                    escapesValid = false
                    break
                }
            } else {
                output.append(byte)
            }
            index += 1
        }
        if escapesValid {
            let decoded = String(decoding: output, as: UTF8.self)
            if decoded.utf8.elementsEqual(output) { return decoded }
        }
        return String(decoding: bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value for `name`, in order.
    public func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// The fields as a JSON object for an event's `raw`: repeated names become arrays, in order.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        for field in fields {
            if let existing = object[field.name] {
                if case .array(var items) = existing {
                    items.append(.string(field.value))
                    object[field.name] = .array(items)
                } else {
                    object[field.name] = .array([existing, .string(field.value)])
                }
            } else {
                object.append(field.name, .string(field.value))
            }
        }
        return .object(object)
    }

    /// Encodes fields as a form body (RFC 3986 unreserved characters kept, everything else escaped).
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// Percent-escapes a form component.
    public static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, allowed.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { result += String(format: "%%%02X", byte) }
            }
        }
        return result
    }
}
