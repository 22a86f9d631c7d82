import Foundation

/// A MIME entity being written: a leaf with its headers and encoded body, or a multipart.
indirect enum MIMEEntity {
    case leaf(headers: String, body: [UInt8])
    case multipart(String, boundary: String, [MIMEEntity])

    /// A UTF-8 text part: 7bit when it is ASCII with short lines, else quoted-printable.
    static func text(_ text: String, subtype: String) -> MIMEEntity {
        let normalized = Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").utf8)
        var longestLine = 0, current = 0
        for byte in normalized {
            if byte == 0x0A {
                current = 0
            } else {
                current += 1
                longestLine = max(longestLine, current)
            }
        }
        let plain = normalized.allSatisfy { $0 < 0x80 && ($0 >= 0x20 || $0 == 0x0A || $0 == 0x09) } && longestLine <= 76
        let headers =
            "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: \(plain ? "7bit" : "quoted-printable")\r\n"
        let body: [UInt8] =
            plain
            ? normalized.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
            : QuotedPrintable.encode(normalized)
        return .leaf(headers: headers, body: body)
    }

    /// Headers, a blank line and the body, CRLF throughout.
    func render() -> [UInt8] {
        switch self {
        case .leaf(let headers, let body):
            return Array(headers.utf8) + [0x0D, 0x0A] + body + (body.last == 0x0A ? [] : [0x0D, 0x0A])
        case .multipart(let subtype, let boundary, let parts):
            var output = Array("Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\"\r\n\r\n".utf8)
            for part in parts {
                output += Array("--\(boundary)\r\n".utf8)
                output += part.render()
            }
            output += Array("--\(boundary)--\r\n".utf8)
            return output
        }
    }
}
