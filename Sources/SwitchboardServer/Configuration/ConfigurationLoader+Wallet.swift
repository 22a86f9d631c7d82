import SwitchboardLedger
import Yams

/// The ledger keys of a connection's `outbound:` block (docs/configuration.md, "The prepaid wallet"):
/// `prepaid_balance`, `wallet`, `low_balance`, `portfolio`, `currency`.
extension ConfigurationLoader {
    /// Reads the wallet and portfolio keys into `account`.
    func readWallet(_ members: [String: Node], path: String, walker: YAMLWalker, into account: inout AccountSettings) {
        if let node = members["prepaid_balance"], !walker.isNull(node) {
            account.prepaidBalance = money(node, "\(path).prepaid_balance", walker: walker, allowNegative: false)
        }
        if let node = members["low_balance"], !walker.isNull(node) {
            account.lowBalance = money(node, "\(path).low_balance", walker: walker, allowNegative: false)
        }
        account.wallet = name(members["wallet"], "\(path).wallet", walker: walker)
        account.portfolio = name(members["portfolio"], "\(path).portfolio", walker: walker)
        if let currency = walker.string(members["currency"], "\(path).currency") {
            if currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
                account.currency = currency.uppercased()
            } else {
                walker.problem(members["currency"], "\(path).currency", "expected an ISO 4217 code such as USD, got \"\(currency)\"")
            }
        }
        // A prepaid_balance with a problem of its own still declares the wallet (one problem, not two).
        let prepaid = account.isPrepaid || (members["prepaid_balance"].map { !walker.isNull($0) } ?? false)
        if account.lowBalance != nil, !prepaid {
            walker.problem(members["low_balance"], "\(path).low_balance", "needs a prepaid wallet: set prepaid_balance or wallet")
        }
        if account.currency != nil, !prepaid {
            walker.problem(members["currency"], "\(path).currency", "needs a prepaid wallet: set prepaid_balance or wallet")
        }
    }

    /// Connections naming the same wallet must agree on its currency, opening balance and low threshold: the
    /// one that disagrees with an earlier connection is reported on its own line.
    func checkSharedWallet(
        _ account: AccountSettings, connection: String, members: [String: Node], path: String, walker: YAMLWalker, sending: SendSettings
    ) {
        guard let id = account.walletID(connection: connection) else { return }
        let currency = account.currency ?? sending.policy.prices.currency
        for (other, earlier) in sending.accounts.sorted(by: { $0.key < $1.key }) where earlier.walletID(connection: other) == id {
            let otherCurrency = earlier.currency ?? sending.policy.prices.currency
            if otherCurrency != currency {
                walker.problem(
                    members["currency"] ?? members["wallet"], "\(path).currency",
                    "wallet \"\(id)\" is in \(otherCurrency) on connection \"\(other)\"; connections sharing a wallet must agree on its currency"
                )
            }
            if let mine = account.prepaidBalance, let theirs = earlier.prepaidBalance, mine != theirs {
                walker.problem(
                    members["prepaid_balance"], "\(path).prepaid_balance",
                    "wallet \"\(id)\" opens with \(theirs.decimalString) on connection \"\(other)\"; state the opening balance once")
            }
            if let mine = account.lowBalance, let theirs = earlier.lowBalance, mine != theirs {
                walker.problem(
                    members["low_balance"], "\(path).low_balance",
                    "wallet \"\(id)\" has low_balance \(theirs.decimalString) on connection \"\(other)\"; connections sharing a wallet must agree"
                )
            }
        }
    }

    /// An exact decimal amount (`"10.00"`, quoted or not): at most six decimals, no exponent.
    private func money(_ node: Node, _ path: String, walker: YAMLWalker, allowNegative: Bool) -> Money? {
        guard let text = walker.string(node, path) else { return nil }
        guard let value = Money(decimalString: text.replacingOccurrences(of: "_", with: "")) else {
            let fraction = text.split(separator: ".", maxSplits: 1).dropFirst().first ?? ""
            let why =
                fraction.count > 6 && fraction.allSatisfy(\.isNumber)
                ? "has more than 6 decimals (amounts are exact to a millionth)" : "expected a decimal amount such as \"10.00\""
            walker.problem(node, path, "\(why), got \"\(text)\"")
            return nil
        }
        if value.isNegative, !allowNegative {
            walker.problem(node, path, "must not be negative, got \"\(text)\"")
            return nil
        }
        return value
    }

    /// A wallet or portfolio name: letters, digits, `.`, `_`, `-` (it appears in URLs and metrics).
    private func name(_ node: Node?, _ path: String, walker: YAMLWalker) -> String? {
        guard let node, !walker.isNull(node), let text = walker.string(node, path, required: true) else { return nil }
        guard !text.isEmpty else { return nil }
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            walker.problem(node, path, "expected letters, digits, '.', '_' or '-', got \"\(text)\"")
            return nil
        }
        return text
    }
}
