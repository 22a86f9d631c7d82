import SwitchboardCore

/// `attachment_types`: each attachment's kind, MIME type and size must be ones the channel accepts, and the
/// message must stay within the channel's attachment count and total size (docs/providers.md tables). A type or
/// size that is neither stated nor guessable from the file name is not checked.
public struct AttachmentTypeRule: PolicyRule {
    public let name = "attachment_types"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let attachments = context.message.content.attachments
        let channel = context.message.channel
        guard !attachments.isEmpty, let limits = context.configuration.attachmentLimits[channel] else { return .notApplicable }
        if let maxCount = limits.maxCount, attachments.count > maxCount {
            return refuse(
                "attachment_count",
                "\(channel.rawValue) accepts at most \(maxCount) attachments per message, this one has \(attachments.count)",
                remedy: "split the attachments over several messages")
        }
        var total: Int64 = 0
        for (index, attachment) in attachments.enumerated() {
            let label = "attachment \(index + 1) (\(attachment.kind.rawValue))"
            guard let rule = limits.rule(for: attachment.kind) else {
                return refuse(
                    "attachment_type", "\(channel.rawValue) cannot send \(attachment.kind.rawValue) attachments (\(label))",
                    remedy: "send it as another kind, e.g. a document")
            }
            if limits.mediaIDsUnchecked, attachment.url == nil, attachment.providerMediaID != nil { continue }
            let type = MIMETypes.of(mimeType: attachment.mimeType, filename: attachment.filename, url: attachment.url)
            if let type, !rule.accepts(mimeType: type) {
                return refuse(
                    "attachment_type", "\(label) is \(type); \(channel.rawValue) \(rule.label) must be \(HumanText.list(rule.mimeTypes))",
                    remedy: "convert it to \(HumanText.list(rule.mimeTypes)), or send it as a document")
            }
            if let size = attachment.size {
                total = total.addingReportingOverflow(size).overflow ? .max : total + size
                if let max = rule.maxBytes, size > max {
                    return refuse(
                        "attachment_too_large",
                        "\(label) is \(HumanText.bytes(size)); \(channel.rawValue) \(rule.label) are limited to \(HumanText.bytes(max))",
                        remedy: "compress it below \(HumanText.bytes(max)), or send a link")
                }
            }
        }
        if let maxTotal = limits.maxTotalBytes, total > maxTotal {
            return refuse(
                "attachment_too_large",
                "the attachments total \(HumanText.bytes(total)); \(channel.rawValue) accepts at most \(HumanText.bytes(maxTotal)) per message",
                remedy: "send fewer or smaller attachments per message")
        }
        return .notApplicable
    }
}
