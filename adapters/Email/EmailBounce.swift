import SwitchboardCore

/// A delivery status notification (RFC 3464) read from a bounce: which recipient failed, how, and
/// which of our messages it was about.
public struct EmailBounce: Sendable, Hashable {
    /// One recipient block of the report.
    public struct Recipient: Sendable, Hashable {
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
        public var action: String?
        /// The enhanced status code (`5.1.1`).
        public var status: String?
        /// The address, lower-cased, without the `rfc822;` type.
        public var address: String?
        /// The remote server's reply (`550 5.1.1 ... does not exist`), without the `smtp;` type.
        public var diagnostic: String?
    }

    public var recipients: [Recipient]
    public var reportingMTA: String?
    /// The Message-ID of the message that bounced (ours, when we sent it), without `<>`.
    public var originalMessageID: String?

    /// The first recipient, which the flat fields of ``json`` describe.
    public var primary: Recipient { recipients.first ?? Recipient() }

    /// `{action, status, recipient, diagnostic, reporting_mta?, original_message_id?, recipients?}`;
    /// `recipients` lists every block when the report has more than one.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("action", primary.action.map(JSONValue.string))
        object.set("status", primary.status.map(JSONValue.string))
        object.set("recipient", primary.address.map(JSONValue.string))
        object.set("diagnostic", primary.diagnostic.map(JSONValue.string))
        object.set("reporting_mta", reportingMTA.map(JSONValue.string))
        object.set("original_message_id", originalMessageID.map(JSONValue.string))
        if recipients.count > 1 {
            object.set(
                "recipients",
                .array(
                    recipients.map { recipient in
                        var item = JSONObject()
                        item.set("action", recipient.action.map(JSONValue.string))
                        item.set("status", recipient.status.map(JSONValue.string))
                        item.set("recipient", recipient.address.map(JSONValue.string))
                        item.set("diagnostic", recipient.diagnostic.map(JSONValue.string))
                        return .object(item)
                    }))
        }
        return .object(object)
    }

    /// Reads the report of a bounce, or `nil` when the message is not one.
    ///
    /// A message is a bounce when it is a `multipart/report` (report-type `delivery-status`, or a
    /// report from `mailer-daemon` / `postmaster`), has a `message/delivery-status` part, or carries
    /// `X-Failed-Recipients`. Without a readable status part, the recipients come from
    /// `X-Failed-Recipients` (action `failed`) and the status and diagnostic from the first
    /// `NNN X.Y.Z ...` line of the text, where there is one.
    static func read(message: MIMEPart, body: EmailBody, sender: String?) -> EmailBounce? {
        // The declared type: the parser reads a multipart without a boundary as text/plain.
        let declared = message.headers["Content-Type"].map { HeaderDecoding.splitParameters($0).value.lowercased() }
        let isReport = declared == "multipart/report"
        let reportType = isReport ? message.parameters["report-type"]?.lowercased() : nil
        let failedHeader = message.headers["X-Failed-Recipients"]
        let senderLocal = sender.map { String($0.lowercased().prefix { $0 != "@" }) }
        let fromDaemon = senderLocal == "mailer-daemon" || senderLocal == "postmaster"
        let isDSN =
            reportType == "delivery-status" || !body.deliveryStatus.isEmpty || failedHeader != nil
            || (isReport && reportType == nil && fromDaemon)
        guard isDSN else { return nil }
        var bounce = EmailBounce(recipients: [], reportingMTA: nil, originalMessageID: nil)
        for status in body.deliveryStatus { bounce.readStatusFields(status) }
        if bounce.recipients.isEmpty, let failedHeader {
            for address in EmailAddress.parseList(failedHeader) {
                bounce.recipients.append(Recipient(action: "failed", address: address.normalized))
            }
        }
        if bounce.primary.status == nil, let (status, diagnostic) = Self.statusLine(in: body.plain.joined(separator: "\n")) {
            if bounce.recipients.isEmpty { bounce.recipients.append(Recipient()) }
            bounce.recipients[0].status = status
            bounce.recipients[0].diagnostic = bounce.recipients[0].diagnostic ?? diagnostic
            if bounce.recipients[0].action == nil, status.hasPrefix("5") { bounce.recipients[0].action = "failed" }
        }
        bounce.originalMessageID = body.returnedHeaders?["Message-ID"].flatMap { HeaderDecoding.messageIDs($0).first }
        return bounce
    }

    /// Parses the field blocks of a `message/delivery-status` body: per-message, then per-recipient.
    private mutating func readStatusFields(_ bytes: [UInt8]) {
        var rest = bytes[...]
        var first = true
        while !rest.isEmpty {
            let (headers, next) = MIMEParser.parseHeaders(rest)
            defer { rest = rest[max(next, rest.startIndex)...] }
            if next <= rest.startIndex { break }
            if headers.fields.isEmpty { continue }
            if first, headers["Final-Recipient"] == nil, headers["Original-Recipient"] == nil {
                reportingMTA = headers["Reporting-MTA"].map(Self.dropType)
                first = false
                continue
            }
            first = false
            let address = (headers["Final-Recipient"] ?? headers["Original-Recipient"]).map { Self.dropType($0).lowercased() }
            recipients.append(
                Recipient(
                    action: headers["Action"]?.trimmingSpaces().lowercased(),
                    status: headers["Status"].map { String($0.trimmingSpaces().prefix { !$0.isWhitespace }) },
                    address: address.map { $0.trimming("<>") },
                    diagnostic: headers["Diagnostic-Code"].map(Self.dropType)))
        }
    }

    /// `rfc822; user@example.com` → `user@example.com`; the value itself when there is no type.
    private static func dropType(_ value: String) -> String {
        let typed = value.firstIndex(of: ";").map { String(value[value.index(after: $0)...]) } ?? value
        return typed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The first line that reads like an SMTP reply with an enhanced status: `550 5.1.1 ...`.
    static func statusLine(in text: String) -> (String, String)? {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = String(line).trimmingSpaces()
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].count == 3, parts[0].allSatisfy(\.isNumber), let leading = parts[0].first,
                leading == "4" || leading == "5"
            else { continue }
            let code = parts[1].split(separator: ".")
            guard code.count == 3, code.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { continue }
            return (String(parts[1]), trimmed)
        }
        return nil
    }
}
