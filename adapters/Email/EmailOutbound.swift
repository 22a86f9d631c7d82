import AdapterKit
import Foundation
import SwitchboardCore

/// Outbound: a canonical message → a complete RFC 5322 message for SMTP.
///
/// Reads `message.email`: `subject`, `to` / `cc` / `bcc` (a string or an array of addresses, extra
/// to the conversation's contact), `html` (adds a text/html alternative), `references`, `date`
/// (RFC 3339 or RFC 5322; otherwise the transport stamps it, see ``SMTPRequest/stampingDate(_:at:)``)
/// and `message_id` (to force one). The sender is `connection.options["from"]` (may carry a display
/// name) or `connection.account`; `options["signature"]` is appended to the text (after `-- `) and
/// to the HTML. Attachments must carry their bytes as `data:` URLs; a pure adapter cannot fetch
/// an `https:` URL or a media id. Lines are CRLF and at most 76 characters in bodies (quoted-printable
/// or base64 where needed), 998 in headers.
enum EmailOutbound {
    struct Built {
        var bytes: [UInt8]
        var messageID: String
        var from: EmailAddress
        var recipients: [String]
        var hasDate: Bool
    }

    static func build(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> Built {
        guard message.content.type == .text || message.content.type == .media else {
            throw .unsupportedContent(channel: .email, type: message.content.type)
        }
        let options = message.email ?? .null
        let from = try sender(connection)
        let to = try [validated(EmailAddress(address: message.to), field: "to")] + addresses(options["to"], field: "email.to")
        let cc = try addresses(options["cc"], field: "email.cc")
        let bcc = try addresses(options["bcc"], field: "email.bcc")
        var recipients: [String] = []
        for address in (to + cc + bcc).map(\.address) where !recipients.contains(where: { $0.lowercased() == address.lowercased() }) {
            recipients.append(address)
        }
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "switchboard.invalid"
        let identity: String
        if let key = message.idempotencyKey, !key.isEmpty {
            identity = "key|" + key
        } else {
            identity = "content|" + message.conversation + "|" + (message.replyTo ?? "") + "|" + message.json.canonicalText
        }
        let digest = Signature.hex(Signature.digest(.sha256, Array(identity.utf8)))
        let messageID = options["message_id"]?.string.flatMap { HeaderDecoding.messageIDs($0).first } ?? "sb.\(digest.prefix(32))@\(domain)"

        var head = ""
        var hasDate = false
        if let dateText = options["date"]?.string, let stamp = Timestamp.iso8601(dateText) ?? EmailDate.parse(dateText) {
            head += "Date: \(EmailDate.format(stamp))\r\n"
            hasDate = true
        }
        head += HeaderEncoding.addressField("From", [from])
        head += HeaderEncoding.addressField("To", to)
        if !cc.isEmpty { head += HeaderEncoding.addressField("Cc", cc) }
        if let subject = options["subject"]?.string, !subject.isEmpty { head += HeaderEncoding.field("Subject", subject) }
        head += "Message-ID: <\(messageID)>\r\n"
        var references = (options["references"]?.array?.compactMap(\.string) ?? options["references"]?.string.map { [$0] } ?? [])
            .flatMap(HeaderDecoding.messageIDs)
        if let replyTo = message.replyTo.flatMap({ HeaderDecoding.messageIDs($0).first }) {
            head += "In-Reply-To: <\(replyTo)>\r\n"
            if references.last != replyTo { references.append(replyTo) }
        }
        if !references.isEmpty {
            head +=
                HeaderEncoding.fold("References: " + references.map { "<\(HeaderEncoding.sanitized($0))>" }.joined(separator: " ")) + "\r\n"
        }
        head += "MIME-Version: 1.0\r\n"

        let signature = connection.options["signature"].flatMap { $0.isEmpty ? nil : $0 }
        var text = message.content.text ?? ""
        if let signature { text += (text.isEmpty ? "" : "\n\n") + "-- \n" + signature }
        var html = options["html"]?.string
        if let signature, let body = html {
            let block = "<br><br>-- <br>" + escapeHTML(signature).replacingOccurrences(of: "\n", with: "<br>")
            if let range = body.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
                html = body.replacingCharacters(in: range, with: block + "</body>")
            } else {
                html = body + block
            }
        }

        let boundary = "sb-" + digest.suffix(24)
        var entity = MIMEEntity.text(text, subtype: "plain")
        if let html { entity = .multipart("alternative", boundary: boundary + "-alt", [entity, .text(html, subtype: "html")]) }
        let files = try message.content.attachments.enumerated().map { (index, item) throws(SwitchboardError) in
            try attachmentEntity(item, index: index)
        }
        // Images the HTML embeds go in multipart/related; everything else is a regular attachment.
        let inline = html == nil ? [] : files.filter(\.isInlineImage)
        let regular = html == nil ? files : files.filter { !$0.isInlineImage }
        if !inline.isEmpty { entity = .multipart("related", boundary: boundary + "-rel", [entity] + inline.map(\.entity)) }
        if !regular.isEmpty { entity = .multipart("mixed", boundary: boundary + "-mix", [entity] + regular.map(\.entity)) }
        let bytes = Array(head.utf8) + entity.render()
        return Built(bytes: bytes, messageID: messageID, from: from, recipients: recipients, hasDate: hasDate)
    }

    /// The From mailbox: `options["from"]` (may carry a display name) or the connection's account.
    static func sender(_ connection: ConnectionConfig) throws(SwitchboardError) -> EmailAddress {
        let configured = connection.options["from"].flatMap { EmailAddress.parseList($0).first }
        guard var from = configured ?? EmailAddress.parseList(connection.account).first else {
            throw SwitchboardError(
                code: .invalidConnection, message: "the email connection needs a mailbox address as account or options.from")
        }
        if from.name == nil, let name = connection.options["from_name"], !name.isEmpty { from.name = name }
        return try validated(from, field: "from")
    }

    /// Addresses given as a string (a list) or an array of strings.
    static func addresses(_ value: JSONValue?, field: String) throws(SwitchboardError) -> [EmailAddress] {
        guard let value else { return [] }
        let texts = value.array?.compactMap(\.string) ?? value.string.map { [$0] } ?? []
        var result: [EmailAddress] = []
        for text in texts {
            let parsed = EmailAddress.parseList(text)
            if parsed.isEmpty, !text.trimmingSpaces().isEmpty { throw .invalidMessage("\(field): \"\(text)\" is not an email address") }
            for address in parsed { result.append(try validated(address, field: field)) }
        }
        return result
    }

    /// Refuses anything that is not a plain `local@domain` (line breaks would inject headers).
    static func validated(_ address: EmailAddress, field: String) throws(SwitchboardError) -> EmailAddress {
        let text = address.address
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = text.unicodeScalars.contains { $0.value < 0x21 || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !forbidden else {
            throw .invalidMessage("\(field): \"\(text)\" is not an email address")
        }
        return address
    }

    private static func attachmentEntity(_ item: Attachment, index: Int) throws(SwitchboardError) -> (
        entity: MIMEEntity, isInlineImage: Bool
    ) {
        guard let url = item.url, url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") else {
            throw .invalidMessage(
                "content.attachments[\(index)]: email attachments must carry their bytes as a data: URL (data:<type>;base64,...)")
        }
        let meta = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        let payload = String(url[url.index(after: comma)...])
        let isBase64 = meta.hasSuffix(";base64")
        let bytes = isBase64 ? Base64.decodeTolerant(Array(payload.utf8)).bytes : HeaderDecoding.percentDecoded(payload)
        let declared = meta.split(separator: ";").first.map(String.init) ?? ""
        let mimeType = item.mimeType ?? (declared.isEmpty ? "application/octet-stream" : declared)
        let inline = item.inline || item.contentID != nil
        var headers = "Content-Type: \(HeaderEncoding.sanitized(mimeType))"
        if let filename = item.filename { headers += ";\r\n " + HeaderEncoding.parameter("name", filename) }
        headers += "\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: \(inline ? "inline" : "attachment")"
        if let filename = item.filename { headers += ";\r\n " + HeaderEncoding.parameter("filename", filename) }
        headers += "\r\n"
        if let contentID = item.contentID { headers += "Content-ID: <\(HeaderEncoding.sanitized(contentID))>\r\n" }
        return (.leaf(headers: headers, body: Base64.encodeMIME(bytes)), inline && mimeType.hasPrefix("image/"))
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
