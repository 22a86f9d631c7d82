import Foundation
import SwitchboardCore

/// What a message says, read from its MIME tree: the text, the HTML, the attachments, and the
/// delivery-status report and returned message of a bounce.
struct EmailBody {
    var plain: [String] = []
    var html: [String] = []
    var attachments: [Attachment] = []
    /// `message/delivery-status` bodies (bounces).
    var deliveryStatus: [[UInt8]] = []
    /// Headers of the returned message in a report (`message/rfc822` or `text/rfc822-headers`).
    var returnedHeaders: MIMEHeaders?
    var isReport = false

    /// Signature parts of `multipart/signed` are not content.
    private static let signatureTypes: Set<String> = [
        "application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature",
    ]

    init(message: MIMEPart) {
        collect(message, path: [], inReport: false)
    }

    /// The text to show: the text/plain parts, else the HTML converted to text.
    var text: String {
        let joinedPlain = plain.map(Self.tidy).filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !joinedPlain.isEmpty { return joinedPlain }
        return html.map { HTMLText.text(fromHTML: $0) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    private mutating func collect(_ part: MIMEPart, path: [Int], inReport: Bool) {
        if part.isMultipart {
            switch part.mediaType {
            case "multipart/alternative":
                collectAlternative(part, path: path, inReport: inReport)
            case "multipart/signed":
                for (offset, child) in part.children.enumerated() where !Self.signatureTypes.contains(child.mediaType) {
                    collect(child, path: path + [offset + 1], inReport: inReport)
                }
            case "multipart/report":
                isReport = true
                for (offset, child) in part.children.enumerated() {
                    collect(child, path: path + [offset + 1], inReport: true)
                }
            default:
                for (offset, child) in part.children.enumerated() {
                    collect(child, path: path + [offset + 1], inReport: inReport)
                }
            }
            return
        }
        let isAttachment = Self.isAttachment(part)
        switch part.mediaType {
        case "message/delivery-status", "message/global-delivery-status":
            deliveryStatus.append(part.body)
            return
        case "message/rfc822", "message/global", "text/rfc822-headers":
            if inReport {
                returnedHeaders =
                    part.mediaType == "text/rfc822-headers" ? MIMEParser.parseHeaders(part.body[...]).headers : part.children.first?.headers
                return
            }
        case "text/plain" where !isAttachment:
            plain.append(part.text)
            return
        case "text/html" where !isAttachment:
            html.append(part.text)
            return
        default:
            if Self.signatureTypes.contains(part.mediaType) { return }
        }
        attachments.append(attachment(for: part, path: path))
    }

    /// In an alternative, the first part with plain text wins for the text and the last part with
    /// HTML wins for the HTML; attachments inside any alternative (related images) are kept.
    private mutating func collectAlternative(_ part: MIMEPart, path: [Int], inReport: Bool) {
        var candidates: [EmailBody] = []
        for (offset, child) in part.children.enumerated() {
            var sub = EmailBody()
            sub.collect(child, path: path + [offset + 1], inReport: inReport)
            candidates.append(sub)
        }
        if let withPlain = candidates.first(where: { !$0.plain.isEmpty }) { plain += withPlain.plain }
        if let withHTML = candidates.last(where: { !$0.html.isEmpty }) { html += withHTML.html }
        for candidate in candidates {
            attachments += candidate.attachments
            deliveryStatus += candidate.deliveryStatus
            if candidate.isReport { isReport = true }
            if let headers = candidate.returnedHeaders { returnedHeaders = headers }
        }
    }

    private init() {}

    static func isAttachment(_ part: MIMEPart) -> Bool {
        if part.disposition == "attachment" { return true }
        return part.disposition != "inline" && part.filename != nil
    }

    private func attachment(for part: MIMEPart, path: [Int]) -> Attachment {
        var attachment = Attachment(
            kind: Self.kind(for: part.mediaType), mimeType: part.mediaType,
            providerMediaID: path.isEmpty ? "1" : path.map(String.init).joined(separator: "."),
            filename: part.filename, size: Int64(part.body.count))
        attachment.contentID = part.contentID
        attachment.inline = part.disposition == "inline" || (part.disposition == nil && part.contentID != nil)
        return attachment
    }

    /// The canonical attachment kind for a media type.
    static func kind(for mediaType: String) -> Attachment.Kind {
        if mediaType.hasPrefix("image/") { return .image }
        if mediaType.hasPrefix("video/") { return .video }
        if mediaType.hasPrefix("audio/") { return .audio }
        if mediaType.hasPrefix("text/") || mediaType == "application/pdf" || mediaType == "application/rtf"
            || mediaType.hasPrefix("application/msword") || mediaType.hasPrefix("application/vnd.ms-")
            || mediaType.hasPrefix("application/vnd.openxmlformats") || mediaType.hasPrefix("application/vnd.oasis.opendocument")
        {
            return .document
        }
        return .file
    }

    /// CRLF → LF, trailing white space of the text and leading blank lines removed.
    static func tidy(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if bytes.contains(0x0D) {
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            for (index, byte) in bytes.enumerated() where !(byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                output.append(byte)
            }
            bytes = output
        }
        var end = bytes.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        var start = 0
        while start < end, bytes[start] == 0x0A { start += 1 }
        var result = String(decoding: bytes[start..<end], as: UTF8.self)
        // Non-ASCII trailing white space (NBSP, ideographic space).
        while let last = result.unicodeScalars.last, last.properties.isWhitespace { result.unicodeScalars.removeLast() }
        return result
    }
}
