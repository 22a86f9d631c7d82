import SwitchboardCore

/// `sms_opt_out`: a number that texted STOP (or STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT)
/// gets nothing until it texts START (or YES, UNSTOP). The store records both; this rule reads the result.
public struct SMSOptOutRule: PolicyRule {
    public let name = "sms_opt_out"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.conversation.channel == .sms else { return .notApplicable }
        guard context.conversation.optedOut else { return .allow("the number has not opted out") }
        let when = context.conversation.optedOutAt.map { " \(context.ago($0))" } ?? ""
        return refuse(
            "sms_opted_out", "the number texted STOP\(when); carriers refuse further messages until it texts START",
            remedy: "wait for the contact to text START (or YES, UNSTOP)")
    }
}
