import SwitchboardCore

/// `prepaid_balance`: on a prepaid connection, no paid message goes out while the balance is at or below
/// zero; free messages still go (and receiving always works).
public struct PrepaidBalanceRule: PolicyRule {
    public let name = "prepaid_balance"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard let balance = context.account.prepaidBalances[context.message.account], !context.cost.free else {
            return .notApplicable
        }
        let currency = context.cost.currency
        guard balance > 0 else {
            return refuse(
                "balance_exhausted",
                "the prepaid balance of \(context.message.account) is \(balance) \(currency) and this message costs "
                    + "\(context.cost.price) \(currency) (\(context.cost.category))",
                remedy: "top up the balance (free messages still go out)")
        }
        return .notApplicable
    }
}
