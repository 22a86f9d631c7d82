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
        var fields: [(name: String, value: String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            fields.append((name: name, value: value))
        }
        return FormBody(fields: fields)
    }

    /// Parses raw body bytes.
    public static func parse(_ bytes: [UInt8]) -> FormBody { parse(String(decoding: bytes, as: UTF8.self)) }

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

    private static func decode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
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
