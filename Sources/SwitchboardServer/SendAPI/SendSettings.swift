import Foundation
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardQueue
import SwitchboardStore

/// Settings of the outbound side (docs/send-api.md): the policy's numbers, what the gateway knows about each
/// connection's business account, and the dispatcher.
public struct SendSettings: Sendable {
    public var policy: PolicyConfiguration
    /// Per connection name; a connection absent here has no limits (``AccountSettings/init()``).
    public var accounts: [String: AccountSettings]
    public var dispatcher: DispatcherSettings
    /// Run the dispatcher inside `serve` (tests of the API alone turn it off).
    public var dispatcherEnabled: Bool

    public init(
        policy: PolicyConfiguration = .standard, accounts: [String: AccountSettings] = [:],
        dispatcher: DispatcherSettings = DispatcherSettings(), dispatcherEnabled: Bool = true
    ) {
        self.policy = policy
        self.accounts = accounts
        self.dispatcher = dispatcher
        self.dispatcherEnabled = dispatcherEnabled
    }
}

/// What the configuration says about one connection's business account. Together with the ledger (wallet,
/// counters, catalog, account status, contact flags) it becomes the policy's ``AccountState``.
public struct AccountSettings: Sendable, Hashable {
    /// The opening balance of the connection's prepaid wallet (`outbound.prepaid_balance`), entered once as the
    /// wallet's first ledger entry when the wallet is created; later changes go through the balance API.
    /// `nil` with no ``wallet`` named: the connection is not prepaid.
    public var prepaidBalance: Money?
    /// The wallet several connections share (`outbound.wallet`); `nil` = the connection's own (its name).
    public var wallet: String?
    /// Below this available amount subscribers get a `balance_low` event (`outbound.low_balance`).
    public var lowBalance: Money?
    /// The business portfolio whose numbers share one messaging-limit counter (`outbound.portfolio`);
    /// `nil` = the connection counts alone.
    public var portfolio: String?
    /// ISO 4217 code of the wallet (`outbound.currency`); `nil` = the policy price table's.
    public var currency: String?
    /// The plan's cap on distinct contacts.
    public var contactCap: Int?
    public var messagingTier: MessagingTier
    /// Contact ids that must never be messaged.
    public var blocklist: Set<String>
    /// Business-initiated messages need a recorded opt-in.
    public var consentRequired: Bool
    /// Approved WhatsApp templates.
    public var templates: [ApprovedTemplate]

    public init(
        prepaidBalance: Money? = nil, wallet: String? = nil, lowBalance: Money? = nil, portfolio: String? = nil, currency: String? = nil,
        contactCap: Int? = nil, messagingTier: MessagingTier = .unlimited, blocklist: Set<String> = [], consentRequired: Bool = false,
        templates: [ApprovedTemplate] = []
    ) {
        self.prepaidBalance = prepaidBalance
        self.wallet = wallet
        self.lowBalance = lowBalance
        self.portfolio = portfolio
        self.currency = currency
        self.contactCap = contactCap
        self.messagingTier = messagingTier
        self.blocklist = blocklist
        self.consentRequired = consentRequired
        self.templates = templates
    }

    /// Whether the connection spends from a prepaid wallet: it states an opening balance or names a wallet.
    public var isPrepaid: Bool { prepaidBalance != nil || wallet != nil }

    /// The wallet `connection` spends from, or `nil` when it is not prepaid.
    public func walletID(connection: String) -> String? { isPrepaid ? wallet ?? connection : nil }

    /// The key of the messaging-limit counter `connection` counts in.
    public func portfolioID(connection: String) -> String { portfolio ?? connection }
}

extension SendSettings {
    /// The wallets the configuration declares, one per wallet name, in name order: the opening balance stated by
    /// any connection naming it (zero when none does), its currency (the policy's when not stated) and low
    /// threshold. ``ConfigurationLoader`` refuses connections that disagree on them.
    public var walletOpenings: [WalletOpening] {
        var openings: [String: WalletOpening] = [:]
        for (connection, account) in accounts.sorted(by: { $0.key < $1.key }) {
            guard let id = account.walletID(connection: connection) else { continue }
            var opening =
                openings[id]
                ?? WalletOpening(id: id, currency: account.currency ?? policy.prices.currency, openingBalance: .zero)
            if let balance = account.prepaidBalance { opening.openingBalance = balance }
            if let low = account.lowBalance { opening.lowThreshold = low }
            if let currency = account.currency { opening.currency = currency }
            openings[id] = opening
        }
        return openings.values.sorted { $0.id < $1.id }
    }
}
