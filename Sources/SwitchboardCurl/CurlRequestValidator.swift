import SwitchboardCore

/// Checks a request before it reaches libcurl, so a malformed one fails with `invalid_request`
/// instead of doing something surprising on the wire.
///
/// It runs on every send, so it reads the URL and headers as UTF-8 bytes (no `Character` iteration).
enum CurlRequestValidator {
    /// Methods the transport sends.
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]

    /// Why `request` cannot be sent, or `nil` when it can.
    static func problem(in request: ProviderRequest) -> String? {
        let scheme = Scheme(url: request.url)
        if let smtp = request.smtp {
            guard scheme == .smtp else { return "an SMTP envelope needs an smtp:// or smtps:// URL" }
            if smtp.recipients.isEmpty { return "an SMTP envelope needs at least one recipient" }
            let addresses = [smtp.mailFrom] + smtp.recipients
            if addresses.contains(where: { $0.utf8.contains { breaksLine($0) || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") } }) {
                return "an SMTP address contains a line break, a NUL or an angle bracket"
            }
            if request.body.isEmpty { return "an SMTP request needs the RFC 5322 message as its body" }
            return nil
        }
        guard scheme == .http else { return "only http:// and https:// URLs are supported without an SMTP envelope" }
        guard methods.contains(request.method) else { return "unsupported HTTP method \(request.method)" }
        for field in request.headers {
            if field.name.utf8.isEmpty || !field.name.utf8.allSatisfy(isTokenByte) {
                return "invalid header name"
            }
            if field.value.utf8.contains(where: breaksLine) {
                return "header \(field.name) contains a line break or a NUL"
            }
        }
        return nil
    }

    /// The URL schemes the transport tells apart, compared without case.
    enum Scheme: Equatable {
        case http, smtp, other

        init(url: String) {
            // The scheme's letters, lower-cased, packed into an integer: no allocation on the send path.
            var packed: UInt64 = 0
            var length = 0
            for byte in url.utf8 {
                if byte == UInt8(ascii: ":") { break }
                length += 1
                guard length <= 5 else {
                    self = .other
                    return
                }
                packed = packed << 8 | UInt64(byte | 0x20)
            }
            switch packed {
            case Self.pack("http"), Self.pack("https"): self = .http
            case Self.pack("smtp"), Self.pack("smtps"): self = .smtp
            default: self = .other
            }
        }

        private static func pack(_ scheme: StaticString) -> UInt64 {
            var packed: UInt64 = 0
            for index in 0..<scheme.utf8CodeUnitCount { packed = packed << 8 | UInt64(scheme.utf8Start[index]) }
            return packed
        }
    }

    /// CR, LF or NUL. curl takes each header line and SMTP address as a C string: a NUL would cut it short, a CR or
    /// LF would start another line.
    static func breaksLine(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") || byte == 0
    }

    /// RFC 9110 `tchar`: the bytes a header name is made of.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"),
            UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "^"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
