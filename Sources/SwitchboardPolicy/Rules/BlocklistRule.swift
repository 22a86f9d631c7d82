import SwitchboardCore

/// `blocklist`: nothing goes to a contact on the account's blocklist.
public struct BlocklistRule: PolicyRule {
    public let name = "blocklist"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.account.blocklisted else { return .notApplicable }
        return refuse(
            "blocklisted", "\(context.message.to) is on the account's blocklist",
            remedy: "remove the contact from the blocklist to message them")
    }
}
