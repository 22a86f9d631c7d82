import SwitchboardCore

/// `private_reply`: Instagram and Facebook allow exactly one private reply (a DM) per comment, within 7 days
/// of the comment. The comment must be one Switchboard received in this conversation.
public struct PrivateReplyRule: PolicyRule {
    public let name = "private_reply"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let conversation = context.conversation
        guard conversation.channel == .instagram || conversation.channel == .messenger, let comment = context.message.commentID
        else { return .notApplicable }
        let length = HumanText.length(context.configuration.privateReplyWindow)
        guard let written = conversation.comments[comment] else {
            return refuse(
                "comment_unknown",
                "Switchboard has no comment \(comment) from this contact, so the \(length) private-reply window cannot be checked",
                remedy: "reply privately to a comment Switchboard received from this contact")
        }
        if conversation.privateRepliedComments.contains(comment) {
            return refuse(
                "private_reply_used", "comment \(comment) already has its private reply, and only one is allowed per comment",
                remedy: "continue in the conversation once the contact answers (their message opens the 24 h window)")
        }
        let until = written.adding(context.configuration.privateReplyWindow)
        guard context.now < until else {
            return refuse(
                "private_reply_expired",
                "a private reply is allowed up to \(length) after the comment, which was written \(context.ago(written))",
                remedy: "reply publicly to the comment instead")
        }
        return .allow("one private reply to comment \(comment) is allowed until \(until.rfc3339)")
    }
}
