import SwitchboardCore

/// Content-Transfer-Encoding (RFC 2045 §6): decoding every value seen in the wild.
public enum TransferEncoding {
    /// Decodes `bytes` for the `encoding` label (lower-cased). `7bit`, `8bit`, `binary` and unknown
    /// labels leave the bytes as they are; `defects` names what had to be repaired.
    public static func decode(_ bytes: [UInt8], encoding: String) -> (bytes: [UInt8], defects: [String]) {
        switch encoding {
        case "base64":
            let result = Base64.decodeTolerant(bytes)
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
