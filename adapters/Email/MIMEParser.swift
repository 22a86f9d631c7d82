/// A tolerant MIME parser (RFC 5322 + RFC 2045–2049) over raw bytes.
///
/// It never fails: CRLF and bare LF are both accepted, a header line without a colon is read as a
/// broken fold when more headers follow it and as the start of the body otherwise, a multipart
/// without a boundary is read as text (or uses the first `--` line it finds), a missing final
/// boundary ends the part at the end of the input, and unknown transfer encodings leave the bytes
/// as they are. What it had to repair is listed in ``MIMEPart/defects``.
public enum MIMEParser {
    /// How deep multiparts and attached messages may nest before the rest is kept as opaque bytes.
    public static let maximumDepth = 24
    /// How many parts one message may have before the rest is ignored.
    public static let maximumParts = 2000

    /// Parses a complete message.
    public static func parse(_ bytes: [UInt8]) -> MIMEPart {
        var budget = maximumParts
        return parseEntity(bytes[...], depth: 0, defaultType: "text/plain", budget: &budget)
    }

    /// Splits a header block from its body: the headers and the index where the body starts.
    public static func parseHeaders(_ bytes: ArraySlice<UInt8>) -> (headers: MIMEHeaders, bodyStart: Int) {
        var fields: [MIMEHeaderField] = []
        var index = bytes.startIndex
        var currentName: String?
        var currentValue: [UInt8] = []
        func flush() {
            if let name = currentName { fields.append(MIMEHeaderField(name: name, rawValue: trimmed(currentValue))) }
            currentName = nil
            currentValue = []
        }
        var first = true
        while index < bytes.endIndex {
            let (line, next) = nextLine(bytes, from: index)
            if line.isEmpty {
                flush()
                return (MIMEHeaders(fields), next)
            }
            defer { first = false }
            let lead = line[line.startIndex]
            if lead == 0x20 || lead == 0x09 {
                // A fold: unfolding removes the line break and keeps the white space.
                if currentName != nil { currentValue.append(contentsOf: line) }
                index = next
                continue
            }
            if let colon = fieldNameEnd(line) {
                flush()
                currentName = String(decoding: trimmed(Array(line[line.startIndex..<colon])), as: UTF8.self)
                currentValue = Array(line[(colon + 1)...])
                index = next
                continue
            }
            if first, line.starts(with: Array("From ".utf8)) {
                index = next  // an mbox separator line
                continue
            }
            // No colon: a broken fold when a header follows, else the body starts here.
            let (following, _) = nextLine(bytes, from: next)
            if currentName != nil, !following.isEmpty, fieldNameEnd(following) != nil || following.first == 0x20 || following.first == 0x09
            {
                currentValue.append(0x20)
                currentValue.append(contentsOf: line)
                index = next
                continue
            }
            flush()
            return (MIMEHeaders(fields), index)
        }
        flush()
        return (MIMEHeaders(fields), bytes.endIndex)
    }

    /// Parses one entity (headers + body) that sits in `bytes`.
    static func parseEntity(_ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String, budget: inout Int) -> MIMEPart {
        budget -= 1
        let (headers, bodyStart) = parseHeaders(bytes)
        let rawBody = bytes[bodyStart...]
        var defects: [String] = []
        var mediaType = defaultType
        var parameters: [String: String] = [:]
        if let contentType = headers["Content-Type"] {
            let split = HeaderDecoding.splitParameters(contentType)
            let value = split.value.lowercased()
            if value.contains("/"), !value.contains(" ") {
                mediaType = value
            } else if value == "text" {
                mediaType = "text/plain"
            } else {
                defects.append("unreadable Content-Type \"\(split.value)\"")
            }
            parameters = split.parameters
        }
        var part = MIMEPart(
            headers: headers, mediaType: mediaType, parameters: parameters, body: [], encodedSize: rawBody.count, defects: defects)
        if mediaType.hasPrefix("multipart/"), depth < maximumDepth, budget > 0 {
            var boundary = parameters["boundary"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
            if boundary == nil {
                boundary = guessBoundary(rawBody)
                part.defects.append(boundary == nil ? "multipart without boundary: read as text" : "multipart without boundary: guessed")
            }
            if let boundary {
                let childType = mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
                let (sections, closed) = splitMultipart(rawBody, boundary: boundary)
                if !closed { part.defects.append("missing final boundary") }
                for section in sections where budget > 0 {
                    if section.allSatisfy({ $0 == 0x0D || $0 == 0x0A || $0 == 0x20 || $0 == 0x09 }) { continue }
                    part.children.append(parseEntity(section, depth: depth + 1, defaultType: childType, budget: &budget))
                }
                return part
            }
            part.mediaType = "text/plain"
        }
        let encoding = headers["Content-Transfer-Encoding"].map { $0.trimmingSpaces().lowercased() } ?? "7bit"
        let decoded = TransferEncoding.decode(Array(rawBody), encoding: encoding)
        part.body = decoded.bytes
        part.defects += decoded.defects
        if part.mediaType == "message/rfc822" || part.mediaType == "message/global", depth < maximumDepth, budget > 0 {
            part.children = [parseEntity(part.body[...], depth: depth + 1, defaultType: "text/plain", budget: &budget)]
        }
        return part
    }

    /// The body sections between `--boundary` lines; `closed` tells whether `--boundary--` was seen.
    static func splitMultipart(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> (sections: [ArraySlice<UInt8>], closed: Bool) {
        var sections: [ArraySlice<UInt8>] = []
        var index = body.startIndex
        var sectionStart: Int?
        while index < body.endIndex {
            let (line, next) = nextLine(body, from: index)
            if let kind = delimiterKind(line, boundary: boundary) {
                if let start = sectionStart {
                    // The line break before a delimiter belongs to the delimiter.
                    var end = index
                    if end > start, body[end - 1] == 0x0A { end -= 1 }
                    if end > start, body[end - 1] == 0x0D { end -= 1 }
                    sections.append(body[start..<max(start, end)])
                }
                if kind == .close { return (sections, true) }
                sectionStart = next
            }
            index = next
        }
        if let start = sectionStart, start < body.endIndex { sections.append(body[start...]) }
        return (sections, false)
    }

    enum Delimiter { case open, close }

    static func delimiterKind(_ line: ArraySlice<UInt8>, boundary: [UInt8]) -> Delimiter? {
        guard line.count >= boundary.count + 2, line[line.startIndex] == 0x2D, line[line.startIndex + 1] == 0x2D else { return nil }
        var index = line.startIndex + 2
        for byte in boundary {
            guard line[index] == byte else { return nil }
            index += 1
        }
        var kind = Delimiter.open
        if index + 1 < line.endIndex, line[index] == 0x2D, line[index + 1] == 0x2D {
            kind = .close
            index += 2
        }
        // Only white space may follow (transport padding).
        while index < line.endIndex {
            guard line[index] == 0x20 || line[index] == 0x09 else { return nil }
            index += 1
        }
        return kind
    }

    /// For a multipart with no boundary parameter: the first line that looks like `--something`.
    static func guessBoundary(_ body: ArraySlice<UInt8>) -> [UInt8]? {
        var index = body.startIndex
        var lines = 0
        while index < body.endIndex, lines < 50 {
            let (line, next) = nextLine(body, from: index)
            if line.count > 3, line[line.startIndex] == 0x2D, line[line.startIndex + 1] == 0x2D {
                var candidate = Array(line.dropFirst(2))
                while let last = candidate.last, last == 0x20 || last == 0x09 { candidate.removeLast() }
                return candidate.contains(0x20) ? nil : candidate
            }
            index = next
            lines += 1
        }
        return nil
    }

    /// The line at `start` without its line break (CRLF or LF), and where the next line begins.
    @inline(__always)
    static func nextLine(_ bytes: ArraySlice<UInt8>, from start: Int) -> (ArraySlice<UInt8>, Int) {
        guard start < bytes.endIndex else { return (bytes[bytes.endIndex...], bytes.endIndex) }
        var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
        let next = end < bytes.endIndex ? end + 1 : end
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return (bytes[start..<end], next)
    }

    /// The index of the colon that ends a field name (printable ASCII, no spaces except before the colon).
    static func fieldNameEnd(_ line: ArraySlice<UInt8>) -> Int? {
        var sawName = false
        var sawSpace = false
        for index in line.indices {
            let byte = line[index]
            if byte == 0x3A { return sawName ? index : nil }
            if byte == 0x20 || byte == 0x09 {
                sawSpace = true
                continue
            }
            guard byte > 0x20, byte < 0x7F, !sawSpace else { return nil }
            sawName = true
        }
        return nil
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0D { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return Array(bytes[start..<end])
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (no Foundation needed).
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
