import AdapterKit
import SwitchboardCore

/// Inbound: one raw RFC 5322 message → canonical events.
///
/// - `message` event: `account` = ``DecodeContext/account`` or the mailbox the message was
///   delivered to (`Delivered-To`, else `To`, `Cc`, `X-Original-To`), lower-cased; `contact` = the
///   sender (`From`, else `Sender`, else `Return-Path`) lower-cased with its display name;
///   `provider_message_id` = `Message-ID` without `<>`; `reply_to` = the first `In-Reply-To` id
///   (else the last `References` id); `content` = text (text/plain, else HTML converted to text) or
///   media with the attachments; `email` = subject, threading, HTML, To/Cc, auto-reply and bounce flags.
/// - A message the mailbox itself sent (`From` = account) is an outbound echo addressed to its first recipient.
/// - A bounce whose report names a failed recipient and the Message-ID of the returned message
///   also yields a `status` event (`failed`) for that message, so the outbound message it answers
///   is marked failed.
/// - `raw` is `{headers, size, body_size, parts, defects?}`: every header (name → value, repeated names
///   as arrays), the message and body sizes in bytes, one entry per MIME part, and the repairs the
///   parser made; never the body itself (attachments can be megabytes).
enum EmailWebhook {
    /// Header names at least one of which every message has; a body with none is not email.
    private static let messageHeaders = [
        "from", "to", "subject", "date", "message-id", "received", "mime-version", "content-type", "delivered-to", "return-path",
        "sender", "cc", "reply-to", "x-original-to",
    ]

    static func decode(_ bytes: [UInt8], context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }) else {
            throw .malformed("the message is empty")
        }
        let message = MIMEParser.parse(bytes)
        let names = Set(message.headers.fields.map { $0.name.lowercased() })
        guard messageHeaders.contains(where: names.contains) else {
            throw .notForProvider("the body is not an RFC 5322 message (no From, To, Subject, Date or Message-ID header)")
        }
        let headers = message.headers
        let body = EmailBody(message: message)

        let from = (headers.all("From") + headers.all("Sender") + headers.all("Return-Path"))
            .lazy.compactMap { EmailAddress.parseList($0).first }.first
        let to = headers.all("To").flatMap(EmailAddress.parseList)
        let cc = headers.all("Cc").flatMap(EmailAddress.parseList)
        let mailbox =
            (headers.all("Delivered-To") + headers.all("To") + headers.all("Cc") + headers.all("X-Original-To"))
            .lazy.compactMap { EmailAddress.parseList($0).first }.first
        let account = context.account ?? mailbox?.normalized ?? ""
        let messageID = headers["Message-ID"].flatMap { HeaderDecoding.messageIDs($0).first }
        let inReplyTo = headers["In-Reply-To"].flatMap { HeaderDecoding.messageIDs($0).first }
        let references = headers.all("References").flatMap(HeaderDecoding.messageIDs)
        let timestamp = headers["Date"].flatMap(EmailDate.parse)
        var defects: [String] = []
        if timestamp == nil, let date = headers["Date"]?.trimmingSpaces(), !date.isEmpty {
            // The sender's clock is not a reason to lose the mail: the message is kept without a timestamp.
            let shown = date.count > 64 ? date.prefix(64) + "…" : Substring(date)
            defects.append("unreadable Date \"\(shown)\" (RFC 5322, years 0 to 9999): no timestamp")
        }
        let bounce = EmailBounce.read(message: message, body: body, sender: from?.address)

        var details = EmailDetails(
            subject: headers.decoded("Subject")?.trimmingSpaces(), messageID: messageID, inReplyTo: inReplyTo, references: references,
            html: body.html.isEmpty ? nil : body.html.map(EmailBody.tidy).joined(separator: "\n"), cc: cc.map(\.normalized),
            to: to.map(\.normalized),
            autoSubmitted: autoSubmitted(headers), bounce: bounce?.json)
        if details.subject?.isEmpty == true { details.subject = nil }

        let text = body.text
        let content =
            body.attachments.isEmpty
            ? MessageContent.text(text)
            : MessageContent(type: .media, text: text.isEmpty ? nil : text, attachments: body.attachments)

        var direction = Direction.inbound
        var contact = from.map { Contact(id: $0.normalized, name: $0.name) }
        if let sender = from, !account.isEmpty, sender.normalized == account.lowercased() {
            direction = .outbound
            contact = (to + cc).first { $0.normalized != sender.normalized }.map { Contact(id: $0.normalized, name: $0.name) }
        }
        var event = CanonicalEvent(
            kind: .message, channel: .email, provider: .email, account: account, direction: direction, timestamp: timestamp,
            contact: contact, providerMessageID: messageID, replyTo: inReplyTo ?? references.last, echo: direction == .outbound,
            content: content, email: details, raw: raw(message, size: bytes.count, defects: defects))
        let identity = messageID ?? "sha256:" + Signature.hex(Signature.digest(.sha256, bytes))
        event.assignID(key: identity)
        var events = [event]

        if let bounce, let original = bounce.originalMessageID {
            for recipient in bounce.recipients where recipient.action == "failed" {
                guard let address = recipient.address else { continue }
                var status = CanonicalEvent(
                    kind: .status, channel: .email, provider: .email, account: account, direction: .outbound, timestamp: timestamp,
                    contact: Contact(id: address), providerMessageID: original, status: .failed,
                    errors: [ProviderErrorInfo(code: recipient.status ?? "bounce", title: "bounced", detail: recipient.diagnostic)],
                    raw: bounce.json)
                status.assignID(key: "\(original)|bounce|\(address)|\(identity)")
                events.append(status)
            }
        }
        return events
    }

    /// The auto-reply signal (RFC 3834 and the de-facto headers): `Auto-Submitted` other than `no`,
    /// else `x-autoreply`, `x-autorespond`, or `precedence:<bulk|junk|list|auto_reply>`.
    static func autoSubmitted(_ headers: MIMEHeaders) -> String? {
        if let value = headers["Auto-Submitted"] {
            let token = HeaderDecoding.splitParameters(value).value.lowercased()
            if !token.isEmpty, token != "no" { return token }
        }
        if let value = headers["X-Autoreply"], !value.isEmpty, value.lowercased() != "no" { return "x-autoreply" }
        if let value = headers["X-Autorespond"], !value.isEmpty, value.lowercased() != "no" { return "x-autorespond" }
        if let value = headers["Precedence"]?.trimmingSpaces().lowercased(), ["bulk", "junk", "list", "auto_reply"].contains(value) {
            return "precedence:\(value)"
        }
        return nil
    }

    /// The message's own data without its body: headers, sizes, structure, repairs made (the parser's,
    /// then `defects` found while reading the headers).
    static func raw(_ message: MIMEPart, size: Int, defects headerDefects: [String] = []) -> JSONValue {
        var headerObject = JSONObject()
        var order: [String] = []
        var values: [String: (name: String, values: [String])] = [:]
        for field in message.headers.fields {
            let key = field.name.lowercased()
            if values[key] == nil {
                order.append(key)
                values[key] = (field.name, [])
            }
            values[key]!.values.append(field.value)
        }
        for key in order {
            let entry = values[key]!
            headerObject.append(entry.name, entry.values.count == 1 ? .string(entry.values[0]) : .array(entry.values.map(JSONValue.string)))
        }
        var parts: [JSONValue] = []
        var defects: [String] = message.defects
        func walk(_ part: MIMEPart, path: String) {
            var item = JSONObject()
            if !path.isEmpty { item.set("part", .string(path)) }
            item.set("content_type", .string(part.mediaType))
            if !part.isMultipart { item.set("size", .int(part.body.count)) }
            item.set("charset", part.charset.map(JSONValue.string))
            item.set("disposition", part.disposition.map(JSONValue.string))
            item.set("filename", part.filename.map(JSONValue.string))
            parts.append(.object(item))
            for (offset, child) in part.children.enumerated() where part.isMultipart {
                let childPath = path.isEmpty ? "\(offset + 1)" : "\(path).\(offset + 1)"
                defects += child.defects.map { "part \(childPath): \($0)" }
                walk(child, path: childPath)
            }
        }
        walk(message, path: "")
        defects += headerDefects
        var object = JSONObject()
        object.set("headers", .object(headerObject))
        object.set("size", .int(size))
        object.set("body_size", .int(message.encodedSize))
        object.set("parts", .array(parts))
        if !defects.isEmpty { object.set("defects", .array(defects.map(JSONValue.string))) }
        return .object(object)
    }
}
