/// Quoted-printable (RFC 2045 §6.7) decoding, tolerant, and encoding with 76-column lines.
public enum QuotedPrintable {
    /// Decodes a quoted-printable body: `=XX` (either case), soft line breaks `=CRLF` / `=LF`,
    /// trailing white space on a line dropped. A malformed `=` is kept as it is.
    public static func decode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        var pendingWhitespace = 0  // white space not yet written: dropped when a line break follows
        while index < count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 {
                output.append(byte)
                pendingWhitespace += 1
                index += 1
                continue
            }
            if byte == 0x0D || byte == 0x0A {
                output.removeLast(pendingWhitespace)
                pendingWhitespace = 0
                output.append(byte)
                index += 1
                continue
            }
            pendingWhitespace = 0
            guard byte == 0x3D else {
                output.append(byte)
                index += 1
                continue
            }
            // Soft line break: `=` followed by optional white space and a line break (or the end).
            var look = index + 1
            while look < count, bytes[look] == 0x20 || bytes[look] == 0x09 { look += 1 }
            if look == count {
                index = look
                continue
            }
            if bytes[look] == 0x0A {
                index = look + 1
                continue
            }
            if bytes[look] == 0x0D {
                index = look + 1 < count && bytes[look + 1] == 0x0A ? look + 2 : look + 1
                continue
            }
            if index + 2 < count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// Encodes bytes as quoted-printable with CRLF line breaks and lines of at most 76 characters.
    /// Line breaks in the input (LF or CRLF) become hard CRLF breaks.
    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var lineLength = 0
        var index = 0
        let hex = Array("0123456789ABCDEF".utf8)
        func emit(_ chunk: [UInt8]) {
            if lineLength + chunk.count > 75 {
                output += [0x3D, 0x0D, 0x0A]
                lineLength = 0
            }
            output += chunk
            lineLength += chunk.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                index += 1
                continue
            }
            if byte == 0x0A {
                output += [0x0D, 0x0A]
                lineLength = 0
                index += 1
                continue
            }
            let atLineEnd = index + 1 == bytes.count || bytes[index + 1] == 0x0A || bytes[index + 1] == 0x0D
            let literal =
                (byte >= 33 && byte <= 126 && byte != 0x3D)
                || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
            // A leading `.` or `From ` is escaped so no transport can alter the line.
            let escapeLeadingDot = byte == 0x2E && lineLength == 0
            if literal && !escapeLeadingDot {
                emit([byte])
            } else {
                emit([0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
        }
        return output
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }
}
