import Foundation
import SwitchboardCore

/// Writing header fields: RFC 2047 encoded words for non-ASCII text, quoting of display names,
/// and folding so no line exceeds 78 characters where there is a place to break.
enum HeaderEncoding {
    /// `Name: value` with CRLF, the value folded at spaces (ASCII) or split into encoded words (UTF-8).
    static func field(_ name: String, _ value: String) -> String {
        let clean = sanitized(value)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) && !clean.contains("=?") {
            return fold(name + ": " + clean) + "\r\n"
        }
        return name + ": " + encodedWords(clean, firstLineUsed: name.count + 2) + "\r\n"
    }

    /// An address header: every mailbox as `"Display Name" <address>` or `=?UTF-8?B?...?= <address>`.
    static func addressField(_ name: String, _ addresses: [EmailAddress]) -> String {
        let rendered = addresses.map(mailbox)
        var line = name + ":"
        var output = ""
        for (index, item) in rendered.enumerated() {
            let piece = " " + item + (index < rendered.count - 1 ? "," : "")
            if line.count + piece.count > 78, line.count > name.count + 1 {
                output += line + "\r\n"
                line = ""
            }
            line += piece
        }
        return output + line + "\r\n"
    }

    /// One mailbox for a header.
    static func mailbox(_ address: EmailAddress) -> String {
        guard let name = address.name.map(sanitized), !name.isEmpty else { return address.address }
        if !name.unicodeScalars.allSatisfy({ $0.isASCII }) || name.contains("=?") {
            return encodedWords(name, firstLineUsed: 0) + " <\(address.address)>"
        }
        let atomCharacters = name.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic || $0.properties.numericType != nil || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0))
        }
        if atomCharacters { return "\(name) <\(address.address)>" }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(address.address)>"
    }

    /// Encoded words joined by CRLF + space, each line within 76 characters (RFC 2047 §2), the first
    /// sharing its line with `firstLineUsed` characters; a character is never split between two words.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> String {
        let overhead = "=?UTF-8?B??=".count
        func capacity(lineUsed: Int) -> Int { max(0, (76 - lineUsed - overhead) / 4 * 3) }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = capacity(lineUsed: firstLineUsed)
        func flush() {
            words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
            chunk = []
            limit = capacity(lineUsed: 1)
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > limit {
                if chunk.isEmpty { words.append("") } else { flush() }  // "": fold before the first word
                limit = capacity(lineUsed: 1)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.allSatisfy(\.isEmpty) { flush() }
        return words.joined(separator: "\r\n ")
    }

    /// Folds an ASCII header line at spaces so lines stay within 78 characters where possible.
    static func fold(_ line: String) -> String {
        guard line.count > 78 else { return line }
        var output = ""
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > 78 {
                output += current + "\r\n"
                current = " " + word
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        return output + current
    }

    /// Removes line breaks and other control characters (header injection).
    static func sanitized(_ value: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if scalar == "\r" || scalar == "\n" || scalar == "\t" {
                output.append(" ")
            } else if scalar.value >= 0x20 && scalar.value != 0x7F {
                output.append(scalar)
            }
        }
        return String(output).trimmingSpaces()
    }
}

extension HeaderEncoding {
    /// A parameter for Content-Type / Content-Disposition: quoted ASCII, or RFC 2231
    /// `name*=UTF-8''percent-encoded` for anything else.
    static func parameter(_ name: String, _ value: String) -> String {
        let clean = sanitized(value)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) {
            return "\(name)=\"\(clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in clean.utf8 {
            if unreserved.contains(byte) {
                encoded.append(byte)
            } else {
                encoded += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return "\(name)*=UTF-8''" + String(decoding: encoded, as: UTF8.self)
    }
}
