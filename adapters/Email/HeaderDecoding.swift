import SwitchboardCore

/// Reading header values: RFC 2047 encoded words, RFC 2045/2231 parameters, message-id lists.
public enum HeaderDecoding {
    /// Decodes RFC 2047 encoded words (`=?charset?B|Q?text?=`, any charset Switchboard knows).
    ///
    /// White space between two adjacent encoded words is dropped, and adjacent words in the same
    /// charset are joined as bytes before decoding, so a character split across two words (or
    /// across a folded line) comes out whole. Malformed words are left as written.
    public static func decodeEncodedWords(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let bytes = Array(text.utf8)
        var output = ""
        var index = 0
        var literalStart = 0
        // Pending decoded bytes of a run of encoded words in one charset.
        var pending: [UInt8] = []
        var pendingCharset = ""
        func flushPending() {
            if !pending.isEmpty { output += Charsets.decode(pending, charset: pendingCharset) }
            pending = []
        }
        var lastWasWord = false
        while index < bytes.count {
            guard bytes[index] == 0x3D, index + 1 < bytes.count, bytes[index + 1] == 0x3F,
                let word = encodedWord(bytes, at: index)
            else {
                index += 1
                continue
            }
            // Literal text before the word; only white space between two words is dropped.
            let literal = bytes[literalStart..<index]
            let onlySpace = literal.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
            if !(lastWasWord && onlySpace) {
                flushPending()
                output += String(decoding: literal, as: UTF8.self)
            }
            if word.charset != pendingCharset { flushPending() }
            pendingCharset = word.charset
            pending += word.bytes
            lastWasWord = true
            index = word.end
            literalStart = index
        }
        flushPending()
        output += String(decoding: bytes[literalStart...], as: UTF8.self)
        return output
    }

    /// One encoded word starting at `start`: its charset, decoded bytes, and the index after `?=`.
    static func encodedWord(_ bytes: [UInt8], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != 0x3F {
            if bytes[index] == 0x20 || index - charsetStart > 40 { return nil }
            index += 1
        }
        guard index + 2 < bytes.count, bytes[index + 2] == 0x3F else { return nil }
        var charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self).lowercased()
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let mode = bytes[index + 1] | 0x20
        guard mode == 0x62 || mode == 0x71 else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < bytes.count, !(bytes[end] == 0x3F && bytes[end + 1] == 0x3D) {
            if end - textStart > 4000 { return nil }
            end += 1
        }
        guard end + 1 < bytes.count else { return nil }
        let payload = Array(bytes[textStart..<end])
        let decoded: [UInt8]
        if mode == 0x62 {
            decoded = Base64.decodeTolerant(payload).bytes
        } else {
            var qBytes: [UInt8] = []
            qBytes.reserveCapacity(payload.count)
            var i = 0
            while i < payload.count {
                let byte = payload[i]
                if byte == 0x5F {
                    qBytes.append(0x20)
                } else if byte == 0x3D, i + 2 < payload.count, let high = QuotedPrintable.hexValue(payload[i + 1]),
                    let low = QuotedPrintable.hexValue(payload[i + 2])
                {
                    qBytes.append(high << 4 | low)
                    i += 2
                } else {
                    qBytes.append(byte)
                }
                i += 1
            }
            decoded = qBytes
        }
        return (charset, decoded, end + 2)
    }
}

extension HeaderDecoding {
    /// Splits a structured value such as `text/plain; charset="utf-8"` into the value and its
    /// parameters (names lower-cased). Quoted strings, RFC 2231 continuations (`name*0=`, `name*1*=`)
    /// and charset-tagged values (`filename*=UTF-8''%E2%82%AC.pdf`) are resolved; for a name that
    /// appears twice the first wins, and an RFC 2231 form wins over a plain one.
    public static func splitParameters(_ text: String) -> (value: String, parameters: [String: String]) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func skipSpace() {
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\r" || scalars[index] == "\n"
            {
                index += 1
            }
        }
        var value = ""
        while index < scalars.count, scalars[index] != ";" {
            value.unicodeScalars.append(scalars[index])
            index += 1
        }
        var plain: [String: String] = [:]
        // name -> [(section, extended, raw value)]
        var sections: [String: [(Int, Bool, String)]] = [:]
        while index < scalars.count {
            index += 1  // the `;`
            skipSpace()
            var name = ""
            while index < scalars.count, scalars[index] != "=", scalars[index] != ";" {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            name = name.trimmingSpaces().lowercased()
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            skipSpace()
            var parameterValue = ""
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    parameterValue.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
                while index < scalars.count, scalars[index] != ";" { index += 1 }
            } else {
                while index < scalars.count, scalars[index] != ";" {
                    parameterValue.unicodeScalars.append(scalars[index])
                    index += 1
                }
                parameterValue = parameterValue.trimmingSpaces()
            }
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let extended = rest.hasSuffix("*") || rest.isEmpty
                let number = Int(rest.hasSuffix("*") ? rest.dropLast() : rest) ?? 0
                sections[base, default: []].append((number, extended, parameterValue))
            } else if plain[name] == nil {
                plain[name] = parameterValue
            }
        }
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.0 < $1.0 }
            var charset = "utf-8"
            var bytes: [UInt8] = []
            for (offset, part) in ordered.enumerated() {
                var raw = part.2
                if part.1 {
                    if offset == 0 {
                        let pieces = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if pieces.count == 3 {
                            if !pieces[0].isEmpty { charset = pieces[0].lowercased() }
                            raw = String(pieces[2])
                        }
                    }
                    bytes += percentDecoded(raw)
                } else {
                    bytes += Array(raw.utf8)
                }
            }
            plain[name] = Charsets.decode(bytes, charset: charset)
        }
        return (value.trimmingSpaces(), plain)
    }

    static func percentDecoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count, let high = QuotedPrintable.hexValue(bytes[index + 1]),
                let low = QuotedPrintable.hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// The ids of a `Message-ID`, `In-Reply-To` or `References` value, without `<>`, in order.
    /// Values written without angle brackets are split on white space and commas.
    public static func messageIDs(_ text: String) -> [String] {
        var ids: [String] = []
        var remainder = Substring(text)
        while let open = remainder.firstIndex(of: "<") {
            let afterOpen = remainder.index(after: open)
            guard let close = remainder[afterOpen...].firstIndex(of: ">") else { break }
            let id = remainder[afterOpen..<close].filter { !$0.isWhitespace }
            if !id.isEmpty { ids.append(String(id)) }
            remainder = remainder[remainder.index(after: close)...]
        }
        if !ids.isEmpty { return ids }
        return text.split(whereSeparator: { $0.isWhitespace || $0 == "," })
            .map { String($0).trimming("<>\"") }
            .filter { !$0.isEmpty && !$0.hasPrefix("(") }
    }
}

extension String {
    func trimming(_ characters: String) -> String {
        var result = Substring(self)
        while let first = result.first, characters.contains(first) { result = result.dropFirst() }
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return String(result)
    }
}
