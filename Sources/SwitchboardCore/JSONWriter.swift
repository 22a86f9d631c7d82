import Foundation

/// Serializes ``JSONValue`` to compact UTF-8 JSON.
///
/// Canonical output sorts object keys (byte order), so the same event always prints the same bytes:
/// goldens diff cleanly and signatures over the body are stable.
public struct JSONWriter: Sendable {
    /// Whether object keys are written in sorted order (`true` for canonical output).
    public var sortedKeys: Bool

    /// Whether to indent with two spaces and one member per line (for goldens people read).
    public var pretty: Bool

    /// A writer; canonical (sorted, compact) by default.
    public init(sortedKeys: Bool = true, pretty: Bool = false) {
        self.sortedKeys = sortedKeys
        self.pretty = pretty
    }

    /// The value as UTF-8 bytes.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        write(value, into: &output)
        return output
    }

    /// The value as a string.
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Appends the serialized value to `output`.
    public func write(_ value: JSONValue, into output: inout [UInt8]) {
        write(value, depth: 0, into: &output)
    }

    private func newline(_ depth: Int, into output: inout [UInt8]) {
        guard pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    private func write(_ value: JSONValue, depth: Int, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text): output.append(contentsOf: text.utf8)
        case .string(let text): Self.writeString(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth + 1, into: &output)
                write(item, depth: depth + 1, into: &output)
            }
            if !items.isEmpty { newline(depth, into: &output) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = sortedKeys ? Self.sortedByKey(object.storage) : object.storage
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth + 1, into: &output)
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, depth: depth + 1, into: &output)
            }
            if !members.isEmpty { newline(depth, into: &output) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The members in byte order of their keys; the array itself when it is already in that order.
    private static func sortedByKey(_ members: [JSONObject.Member]) -> [JSONObject.Member] {
        var isSorted = true
        for index in members.indices.dropFirst() where !precedes(members[index - 1].key, members[index].key) {
            isSorted = false
            break
        }
        return isSorted ? members : members.sorted { precedes($0.key, $1.key) }
    }

    /// Byte order of the UTF-8 of two keys (not `String.<`, which orders by Unicode canonical equivalence).
    private static func precedes(_ left: String, _ right: String) -> Bool {
        withUTF8(of: left) { leftBytes in
            withUTF8(of: right) { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                if common > 0 {
                    let order = memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return leftBytes.count < rightBytes.count
            }
        }
    }

    /// Calls `body` with the string's UTF-8 in place (native and small strings, nearly all), or a copy.
    @inline(__always)
    private static func withUTF8<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Writes a JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        withUTF8(of: text) { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            // Runs without anything to escape (nearly all of a webhook's text) are found eight bytes
            // at a time and copied in one piece.
            var runStart = 0
            var index = 0
            while index < count {
                index = JSONScan.skipPlain(base, from: index, count: count)
                guard index < count else { break }
                let byte = base[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                    writeEscape(byte, into: &output)
                    runStart = index + 1
                }
                index += 1
            }
            output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func writeEscape(_ byte: UInt8, into output: inout [UInt8]) {
        output.append(0x5C)
        switch byte {
        case UInt8(ascii: "\""): output.append(0x22)
        case UInt8(ascii: "\\"): output.append(0x5C)
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            output.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }
}

extension JSONValue {
    /// Canonical compact JSON text (sorted keys).
    public var canonicalText: String { JSONWriter().string(self) }

    /// Indented canonical JSON (sorted keys), for files people read.
    public var prettyText: String { JSONWriter(pretty: true).string(self) }

    /// JSON text with keys in document order.
    public var documentText: String { JSONWriter(sortedKeys: false).string(self) }
}
