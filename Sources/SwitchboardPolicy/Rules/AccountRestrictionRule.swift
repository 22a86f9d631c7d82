import SwitchboardCore
import SwitchboardLedger

/// `account_restriction`: while the provider restricts the account from business-initiated messages
/// (`account_update` `ACCOUNT_RESTRICTION` with `RESTRICTED_BIZ_INITIATED_MESSAGING`, docs/providers.md §2.9),
/// a business-initiated message (the contact has not written within the service window) is refused until the
/// restriction's expiry; replies to contacts who wrote still go.
public struct AccountRestrictionRule: PolicyRule {
    public let name = "account_restriction"
    public init() {}

    /// The restriction type that stops business-initiated messages.
    public static let businessInitiated = "RESTRICTED_BIZ_INITIATED_MESSAGING"

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard context.isBusinessInitiated,
            let restriction = context.activeRestrictions.first(where: { $0.type.uppercased() == Self.businessInitiated })
        else { return .notApplicable }
        let until = restriction.expiresAt.map { "until \($0.rfc3339) (\(context.fromNow($0)))" } ?? "with no end given"
        let window = HumanText.length(context.configuration.serviceWindow)
        return refuse(
            "account_restricted",
            "the provider restricted the account from business-initiated messages (\(restriction.type)) \(until), and the "
                + "contact has not written in the last \(window)",
            remedy: "reply only to contacts who wrote within \(window) until the restriction ends; see the account's quality in "
                + "the provider's business manager")
    }
}
