import SwitchboardCore
import SwitchboardLedger

/// `prepaid_balance`: on a prepaid connection, a paid message is accepted only when the wallet covers it:
/// balance − held − price ≥ 0 (held = the open holds of messages accepted and not yet settled). A free
/// message always passes, and receiving always works.
public struct PrepaidBalanceRule: PolicyRule {
    public let name = "prepaid_balance"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        guard let wallet = context.wallet, !context.cost.free else { return .notApplicable }
        let cost = context.cost
        let remedy = "top up the wallet (POST /v1/connections/{connection}/balance); free messages still go out"
        guard cost.currency == wallet.currency else {
            return refuse(
                "balance_currency_mismatch",
                "the prepaid wallet \(wallet.id) is in \(wallet.currency) and this message is priced in \(cost.currency) "
                    + "(\(cost.price) \(cost.currency), \(cost.category)), so it cannot be held exactly",
                remedy: "import a rate card in \(wallet.currency), or set the connection's currency to \(cost.currency)")
        }
        guard wallet.covers(cost.price) else {
            let currency = wallet.currency
            return refuse(
                "balance_exhausted",
                "the prepaid wallet \(wallet.id) has \(wallet.available) \(currency) available (balance \(wallet.balance) \(currency), "
                    + "\(wallet.held) \(currency) held for accepted messages not yet settled) and this message costs "
                    + "\(cost.price) \(currency) (\(cost.category))",
                remedy: remedy)
        }
        return .notApplicable
    }
}
