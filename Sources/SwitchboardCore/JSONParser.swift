import Foundation

/// A JSON syntax error with the byte offset where parsing stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset into the input.
    public var offset: Int
    /// What was wrong there.
    public var reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A strict RFC 8259 parser working directly on UTF-8 bytes.
///
/// It builds a ``JSONValue`` tree in one pass without Foundation's bridging, which makes it several
/// times faster than `JSONSerialization` / `JSONDecoder` on webhook bodies. Nesting is limited to
/// 512 levels so a hostile body cannot exhaust the stack.
///
/// Array elements and object members are collected on two stacks the parser owns and *moved* into
/// an exactly sized array when their container closes: no array regrowth while a container fills,
/// and no retain or release per element when it is taken out. Whitespace runs and string contents
/// are scanned eight bytes at a time.
public struct JSONParser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0
    private var depth = 0
    private var values: ParserStack<JSONValue>
    private var members: ParserStack<JSONObject.Member>
    private static let maxDepth = 512

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // `parse(buffer:)` never builds a parser over an empty buffer, the only kind without a base address.
        self.base = bytes.baseAddress!
        self.count = bytes.count
        values = ParserStack(capacity: 32)
        members = ParserStack(capacity: 32)
    }

    /// Parses a complete document; trailing non-whitespace is an error.
    public static func parse(_ data: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = data.withContiguousStorageIfAvailable { buffer in
            Self.parse(buffer: buffer)
        }
        if let result { return try result.get() }
        let copy = Array(data)
        return try copy.withUnsafeBufferPointer { Self.parse(buffer: $0) }.get()
    }

    /// Parses a complete document from a byte array.
    public static func parse(_ data: [UInt8]) throws(JSONParseError) -> JSONValue {
        try data.withUnsafeBufferPointer { Self.parse(buffer: $0) }.get()
    }

    /// Parses a complete document from a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { Self.parse(buffer: $0) }.get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        guard !buffer.isEmpty else { return .failure(JSONParseError(offset: 0, reason: "unexpected end of input")) }
        var parser = JSONParser(bytes: buffer)
        do throws(JSONParseError) {
            parser.skipWhitespace()
            let value = try parser.parseValue()
            parser.skipWhitespace()
            if parser.index != buffer.count { throw parser.error("unexpected trailing characters") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    deinit {
        values.free()
        members.free()
    }

    func error(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    /// Eight bytes at `offset` (the caller checks that they are inside the input), first byte lowest.
    @inline(__always) func word(at offset: Int) -> UInt64 {
        JSONScan.word(at: base + offset)
    }

    @inline(__always) private mutating func skipWhitespace() {
        // Most calls find a value or punctuation at once.
        guard index < count, base[index] <= 0x20 else { return }
        skipWhitespaceRun()
    }

    private mutating func skipWhitespaceRun() {
        while index < count {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
            // Indentation: runs of spaces, eight at a time.
            while index + 8 <= count {
                let spaces = word(at: index) ^ 0x2020_2020_2020_2020
                if spaces != 0 {
                    index += spaces.trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < count else { throw error("unexpected end of input") }
        switch base[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(base[index])))'")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else { throw error("unexpected end of input") }
        let start = literal.utf8Start
        for offset in 0..<length where base[index + offset] != start[offset] {
            throw error("invalid literal")
        }
        index += length
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject())
        }
        let first = members.count
        while true {
            skipWhitespace()
            guard index < count, base[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < count, base[index] == UInt8(ascii: ":") else { throw error("expected ':' after key") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.push(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard index < count else { throw error("unterminated object") }
            if base[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                if index < count, base[index] == UInt8(ascii: "}") { throw error("trailing comma in object") }
                continue
            }
            if base[index] == UInt8(ascii: "}") { index += 1; break }
            throw error("expected ',' or '}' in object")
        }
        depth -= 1
        return .object(JSONObject(storage: members.take(from: first)))
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let first = values.count
        while true {
            skipWhitespace()
            let value = try parseValue()
            values.push(value)
            skipWhitespace()
            guard index < count else { throw error("unterminated array") }
            if base[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                if index < count, base[index] == UInt8(ascii: "]") { throw error("trailing comma in array") }
                continue
            }
            if base[index] == UInt8(ascii: "]") { index += 1; break }
            throw error("expected ',' or ']' in array")
        }
        depth -= 1
        return .array(values.take(from: first))
    }
}
