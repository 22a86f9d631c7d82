/// Content-Transfer-Encoding (RFC 2045 §6): decoding every value seen in the wild, and base64 encoding.
public enum TransferEncoding {
    /// Decodes `bytes` for the `encoding` label (lower-cased). `7bit`, `8bit`, `binary` and unknown
    /// labels leave the bytes as they are; `defects` names what had to be repaired.
    public static func decode(_ bytes: [UInt8], encoding: String) -> (bytes: [UInt8], defects: [String]) {
        switch encoding {
        case "base64":
            let result = decodeBase64(bytes)
            return (result.bytes, result.clean ? [] : ["invalid base64 characters skipped"])
        case "quoted-printable":
            return (QuotedPrintable.decode(bytes), [])
        case "x-uuencode", "uuencode", "x-uue":
            return (decodeUU(bytes), [])
        case "7bit", "8bit", "binary", "":
            return (bytes, [])
        default:
            return (bytes, ["unknown transfer encoding \"\(encoding)\""])
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        table[Int(UInt8(ascii: "-"))] = 62  // base64url, seen from some webmail exports
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Tolerant base64: white space and foreign characters are skipped, missing padding is fine,
    /// decoding stops at the first `=` pad. `clean` is `false` when anything but white space was skipped.
    public static func decodeBase64(_ bytes: [UInt8]) -> (bytes: [UInt8], clean: Bool) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var clean = true
        var padded = false
        for byte in bytes {
            let value = base64Values[Int(byte)]
            if value == 0xFF {
                if byte == 0x3D {
                    padded = true
                } else if byte != 0x0D && byte != 0x0A && byte != 0x20 && byte != 0x09 {
                    clean = false
                }
                continue
            }
            if padded {
                // Data after padding: a concatenation of several base64 runs; start over.
                padded = false
                accumulator = 0
                bits = 0
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return (output, clean)
    }

    /// Standard base64 with CRLF line breaks every 76 characters (MIME bodies).
    public static func encodeBase64(_ bytes: [UInt8], lineLength: Int = 76) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 4)
        var column = 0
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : 0x3D)
            output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : 0x3D)
            index += 3
            column += 4
            if lineLength > 0, column >= lineLength, index < bytes.count {
                output += [0x0D, 0x0A]
                column = 0
            }
        }
        return output
    }

    /// uuencoded bodies (`begin 644 name` ... `end`); lines outside the block are ignored.
    static func decodeUU(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var inside = false
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            if !inside {
                if line.starts(with: Array("begin ".utf8)) { inside = true }
                continue
            }
            if line.starts(with: Array("end".utf8)) { break }
            guard let first = line.first else { continue }
            let length = Int((first &- 0x20) & 0x3F)
            var group: [UInt8] = []
            var produced = 0
            for byte in line.dropFirst() {
                group.append((byte &- 0x20) & 0x3F)
                if group.count == 4 {
                    let decoded = [group[0] << 2 | group[1] >> 4, group[1] << 4 | group[2] >> 2, group[2] << 6 | group[3]]
                    for value in decoded where produced < length {
                        output.append(value)
                        produced += 1
                    }
                    group.removeAll(keepingCapacity: true)
                }
            }
        }
        return output
    }
}
