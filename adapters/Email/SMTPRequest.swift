import AdapterKit
import SwitchboardCore

/// SMTP submission described as a ``ProviderRequest``, and the reading of the server's reply.
///
/// The request: `method` `SMTP`; `url` `smtps://host:465` (implicit TLS) or `smtp://host:587`
/// (STARTTLS, required unless `options["require_tls"] == "false"`), from `connection.baseURL` or
/// `options["smtp_host"]` / `options["smtp_port"]`, with `options["ehlo"]` as the path (libcurl
/// sends it as the EHLO name); `body` the complete RFC 5322 message; `smtp` the envelope
/// (`MAIL FROM` = the sender, `RCPT TO` = To + Cc + Bcc). Credentials are NOT in the request: the
/// transport reads `username` / `password` (or `access_token` for XOAUTH2 when
/// `options["auth"] == "xoauth2"`) from the connection's secrets.
///
/// Annotations: `message_id` (ours, which `interpret` reports as the provider id), `auth`, and
/// `date: "transport"` when the message has no `Date` yet: adapters have no clock, so the
/// dispatcher calls ``stampingDate(_:at:)`` right before sending.
public enum SMTPRequest {
    /// The request that submits `message` through `connection`.
    public static func make(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        let (url, requireTLS) = try endpoint(connection)
        let built = try EmailOutbound.build(message, connection: connection)
        var annotations = JSONObject()
        annotations.set("message_id", .string(built.messageID))
        annotations.set("auth", .string(connection.options["auth"]?.lowercased() == "xoauth2" ? "xoauth2" : "password"))
        if !built.hasDate { annotations.set("date", .string("transport")) }
        return ProviderRequest(
            method: "SMTP", url: url, body: built.bytes,
            smtp: SMTPEnvelope(mailFrom: built.from.address, recipients: built.recipients, requireTLS: requireTLS),
            annotations: annotations)
    }

    /// The SMTP URL and whether STARTTLS is required.
    public static func endpoint(_ connection: ConnectionConfig) throws(SwitchboardError) -> (url: String, requireTLS: Bool) {
        let requireTLS = connection.options["require_tls"]?.lowercased() != "false"
        let ehlo = connection.options["ehlo"].map { "/" + $0 } ?? ""
        if let base = connection.baseURL, !base.isEmpty {
            let lowered = base.lowercased()
            guard lowered.hasPrefix("smtp://") || lowered.hasPrefix("smtps://") else {
                throw SwitchboardError(code: .invalidConnection, message: "the email connection's base_url must be smtp:// or smtps://")
            }
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            let hasPath = trimmed.dropFirst(lowered.hasPrefix("smtps://") ? 8 : 7).contains("/")
            return (hasPath ? trimmed : trimmed + ehlo, requireTLS)
        }
        guard let host = connection.options["smtp_host"], !host.isEmpty else {
            throw SwitchboardError(
                code: .invalidConnection,
                message: "the email connection needs base_url (smtps://host:465 or smtp://host:587) or options.smtp_host")
        }
        let port = connection.options["smtp_port"].flatMap(Int.init) ?? 465
        let scheme = port == 465 ? "smtps" : "smtp"
        return ("\(scheme)://\(host):\(port)\(ehlo)", requireTLS)
    }

    /// A copy of `request` with a `Date:` header for `time` inserted at the top of the message
    /// (no change when it already has one). The clock stays with the caller.
    public static func stampingDate(_ request: ProviderRequest, at time: Timestamp) -> ProviderRequest {
        var copy = request
        let headerEnd = request.body.firstRange(of: [0x0D, 0x0A, 0x0D, 0x0A])?.lowerBound ?? request.body.count
        let head = String(decoding: request.body[..<headerEnd], as: UTF8.self).lowercased()
        guard !head.hasPrefix("date:"), !head.contains("\r\ndate:") else { return request }
        copy.body = Array("Date: \(EmailDate.format(time))\r\n".utf8) + request.body
        copy.annotations["date"] = nil
        return copy
    }

    /// Classifies the last SMTP reply (``ProviderResponse/status`` holds the reply code, `body` its text).
    ///
    /// 2xx sent (the id is our Message-ID); 4xx (and 0: no reply) retry; 535/530/534 and 5.7.8
    /// reauthorize; 550/551/553 (and 5.1.x) contact unreachable; 552 and 5.3.4 too big (invalid
    /// request); 5.7.x policy (account problem); 500–504 invalid request; other 5xx failed.
    public static func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        let code = response.status
        let text = String(decoding: response.body, as: UTF8.self).trimmingSpaces()
        let enhanced = enhancedStatus(text)
        let providerCode = enhanced.map { "\(code) \($0)" } ?? String(code)
        func failure(_ category: DeliveryFailure.Category, _ fallback: String) -> DeliveryFailure {
            DeliveryFailure(category: category, providerCode: providerCode, message: text.isEmpty ? fallback : text)
        }
        switch code {
        case 200..<300:
            return .sent(providerMessageID: request.annotations["message_id"]?.string ?? messageID(in: request.body))
        case 400..<500:
            return .retry(after: nil, failure: failure(.temporary, "the SMTP server refused the message for now (\(code))"))
        case ..<200:
            return .retry(after: nil, failure: failure(.temporary, "no SMTP reply (the connection failed or timed out)"))
        default:
            break
        }
        if code == 535 || code == 530 || code == 534 || enhanced == "5.7.8" {
            return .reauthorize(failure(.authorization, "the SMTP server rejected the credentials"))
        }
        if code == 552 || enhanced == "5.3.4" {
            return .failed(failure(.invalidRequest, "the message is too large for the SMTP server"))
        }
        if enhanced?.hasPrefix("5.7.") == true {
            return .failed(failure(.accountProblem, "the SMTP server refused the message by policy"))
        }
        if [550, 551, 553, 521, 556].contains(code) || enhanced?.hasPrefix("5.1.") == true || enhanced == "5.2.1" {
            return .failed(failure(.contactUnreachable, "the recipient's mailbox does not exist or refuses mail"))
        }
        if (500...504).contains(code) {
            return .failed(failure(.invalidRequest, "the SMTP server did not accept the command (\(code))"))
        }
        return .failed(failure(.unknown, "the SMTP server rejected the message (\(code))"))
    }

    /// `5.1.1` in `550 5.1.1 <user@example.com>: no such user`.
    static func enhancedStatus(_ text: String) -> String? {
        for token in text.split(whereSeparator: { $0 == " " || $0 == "-" }).prefix(3) {
            let parts = token.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3, ["2", "4", "5"].contains(parts[0]), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
                return String(token)
            }
        }
        return nil
    }

    static func messageID(in body: [UInt8]) -> String? {
        let headerEnd = body.firstRange(of: [0x0D, 0x0A, 0x0D, 0x0A])?.lowerBound ?? body.count
        return MIMEParser.parseHeaders(body[..<headerEnd]).headers["Message-ID"].flatMap { HeaderDecoding.messageIDs($0).first }
    }
}
