/// A JSON document held exactly as it arrived.
///
/// Numbers keep their literal text (so 64-bit ids and decimal prices survive untouched) and objects
/// keep their key order. Adapters navigate provider payloads through this type instead of `any`,
/// and the canonical events are written through it.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text as it appeared in the document (for example `"1.50"`, `"-7"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A number value from an integer.
    public static func int<I: BinaryInteger>(_ value: I) -> JSONValue { .number(String(value)) }

    /// The canonical text of a JSON array of `values`, sorted (a set of strings stored in one column).
    public static func sortedStringArrayText(_ values: some Sequence<String>) -> String {
        JSONValue.array(values.sorted().map(JSONValue.string)).canonicalText
    }

    /// A number value from a double, written in its shortest round-tripping form; `null` for NaN and
    /// the infinities, which JSON cannot write.
    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value.rounded() == value, abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(String(value))
    }

    /// The member `key` of an object, or `nil` for anything else.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` of an array, or `nil`.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    /// The string value, or `nil` when this is not a string.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A string, or a number's literal text: ids arrive as either.
    public var identifier: String? {
        switch self {
        case .string(let value): return value
        case .number(let text): return text
        default: return nil
        }
    }

    /// The value as a 64-bit integer, from a number or a numeric string; `nil` when it is not a whole
    /// number an `Int64` holds exactly (`1e300`, `9223372036854775808`, `1.5`). Never traps.
    public var int64: Int64? {
        switch self {
        case .number(let text):
            if let value = Int64(text) { return value }
            // `1.7e9`, `12.0`: a whole number written with a fraction or an exponent.
            return Double(text).flatMap { Int64(exactly: $0) }
        case .string(let text): return Int64(text)
        default: return nil
        }
    }

    /// The value as an `Int`, from a number or a numeric string (``int64`` where `Int` holds it).
    public var int: Int? { int64.flatMap { Int(exactly: $0) } }

    /// The value as a finite double, from a number or a numeric string; `nil` for text that is not a
    /// number, and for `nan`, `inf` or a magnitude past `Double.greatestFiniteMagnitude` (`1e400`).
    public var double: Double? {
        switch self {
        case .number(let text), .string(let text):
            guard let value = Double(text), value.isFinite else { return nil }
            return value
        default: return nil
        }
    }

    /// The boolean value; also accepts the strings `"true"` / `"false"`.
    public var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .string("true"): return true
        case .string("false"): return false
        default: return nil
        }
    }

    /// The elements of an array, or `nil`.
    public var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The object, or `nil`.
    public var object: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
