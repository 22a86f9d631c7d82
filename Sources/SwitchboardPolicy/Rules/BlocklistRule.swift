import SwitchboardCore

/// `blocklist`: nothing goes to a contact on the configured blocklist, or blocked by the operator
/// (`PUT /v1/conversations/{conversation}/block`).
public struct BlocklistRule: PolicyRule {
    public let name = "blocklist"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let flags = context.account.contact
        if flags.blocked {
            let reason = flags.blockedReason.map { " (\($0))" } ?? ""
            return refuse(
                "blocklisted", "\(context.message.to) was blocked by the operator\(reason)",
                remedy: "unblock the contact (DELETE /v1/conversations/\(context.message.conversation)/block) to message them")
        }
        guard context.account.blocklisted else { return .notApplicable }
        return refuse(
            "blocklisted", "\(context.message.to) is on the account's blocklist",
            remedy: "remove the contact from the blocklist to message them")
    }
}
