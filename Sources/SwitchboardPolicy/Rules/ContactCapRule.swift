import SwitchboardCore

/// `plan_contact_cap`: at the plan's cap on distinct contacts (the operator's cap when set, else the
/// configured one), new contacts are refused; contacts the account already has are still served.
public struct ContactCapRule: PolicyRule {
    public let name = "plan_contact_cap"
    public var refusalBlocksContact: Bool { true }
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let account = context.account
        guard let cap = context.contactCap, !account.contactIsKnown else { return .notApplicable }
        guard account.knownContacts < cap else {
            return refuse(
                "contact_cap_reached",
                "the plan allows \(cap) contacts and the account has \(account.knownContacts); a new contact cannot be added",
                remedy: "upgrade the plan (existing contacts are still served)")
        }
        return .notApplicable
    }
}
