import SwitchboardCore

/// Checks a request before it reaches libcurl, so a malformed one fails with `invalid_request`
/// instead of doing something surprising on the wire.
enum CurlRequestValidator {
    /// Methods the transport sends.
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]

    /// Why `request` cannot be sent, or `nil` when it can.
    static func problem(in request: ProviderRequest) -> String? {
        let scheme = request.url.prefix { $0 != ":" }.lowercased()
        if let smtp = request.smtp {
            guard scheme == "smtp" || scheme == "smtps" else { return "an SMTP envelope needs an smtp:// or smtps:// URL" }
            if smtp.recipients.isEmpty { return "an SMTP envelope needs at least one recipient" }
            let addresses = [smtp.mailFrom] + smtp.recipients
            if addresses.contains(where: { $0.contains { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" } }) {
                return "an SMTP address contains a line break or angle bracket"
            }
            if request.body.isEmpty { return "an SMTP request needs the RFC 5322 message as its body" }
            return nil
        }
        guard scheme == "http" || scheme == "https" else { return "only http:// and https:// URLs are supported without an SMTP envelope" }
        guard methods.contains(request.method) else { return "unsupported HTTP method \(request.method)" }
        for field in request.headers {
            if field.name.isEmpty || field.name.contains(where: { $0 == ":" || $0.isWhitespace || $0.isNewline }) {
                return "invalid header name"
            }
            if field.value.contains(where: { $0.isNewline }) { return "header \(field.name) contains a line break" }
        }
        return nil
    }
}
