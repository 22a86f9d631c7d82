import SwitchboardCore

/// `attachment_quota`: one contact may receive at most the monthly quota of attachment bytes (default 50 MB)
/// per calendar month (UTC). Reaching the quota exactly is allowed; once it is reached, any further
/// attachment is refused (an attachment of unknown size counts as at least one byte).
public struct AttachmentQuotaRule: PolicyRule {
    public let name = "attachment_quota"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let attachments = context.message.content.attachments
        guard !attachments.isEmpty else { return .notApplicable }
        let quota = context.configuration.monthlyAttachmentQuotaBytes
        let month = context.monthKey
        let used = context.conversation.attachmentBytesByMonth[month] ?? 0
        // Sizes come from callers and provider echoes: the sums saturate instead of trapping.
        var adding: Int64 = 0
        for attachment in attachments {
            let (sum, overflow) = adding.addingReportingOverflow(max(attachment.size ?? 1, 1))
            adding = overflow ? .max : sum
        }
        let (total, overflow) = used.addingReportingOverflow(adding)
        guard !overflow, total <= quota else {
            let left = max(0, quota - used)
            return refuse(
                "attachment_quota_exceeded",
                "this contact received \(HumanText.bytes(used)) of attachments in \(month) and the monthly quota is "
                    + "\(HumanText.bytes(quota)); \(HumanText.bytes(adding)) more would exceed it (\(HumanText.bytes(left)) left)",
                remedy: "send a link instead, or wait until next month")
        }
        return .notApplicable
    }
}
