import AdapterKit
import SwitchboardCore

/// Parses a recorded HTTP request (`.http` fixtures): request line, headers, blank line, body.
public enum RawHTTPRequest {
    /// The request; `host` fills in a URL for an origin-form request line.
    public static func parse(_ bytes: [UInt8], defaultHost: String = "localhost") throws(SwitchboardError) -> InboundRequest {
        var headerEnd: Int?
        var bodyStart = bytes.count
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { headerEnd = index; bodyStart = index + 2; break }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                    headerEnd = index; bodyStart = index + 3; break
                }
            }
            index += 1
        }
        let head = String(decoding: bytes[0..<(headerEnd ?? bytes.count)], as: UTF8.self)
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard !lines.isEmpty else { throw .malformed("empty HTTP request") }
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { throw .malformed("invalid HTTP request line") }
        var headers: [HTTPField] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                HTTPField(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let target = String(requestLine[1])
        let host = headers.first { $0.name.lowercased() == "host" }?.value ?? defaultHost
        let url = target.hasPrefix("http") ? target : "http://\(host)\(target)"
        let body = bodyStart < bytes.count ? Array(bytes[bodyStart...]) : []
        return InboundRequest(method: String(requestLine[0]), url: url, headers: headers, body: body)
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
