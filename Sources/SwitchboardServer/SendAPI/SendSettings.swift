import Foundation
import SwitchboardPolicy
import SwitchboardQueue

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

/// What the configuration says about one connection's business account. Together with what the store
/// knows (contacts, business-initiated contacts in the last 24 h) it becomes the policy's ``AccountState``.
public struct AccountSettings: Sendable, Hashable {
    /// Prepaid balance in the price table's currency, or `nil` when the connection is not prepaid. Taken as
    /// configured: the gateway does not debit it (the billing system updates the configuration).
    public var prepaidBalance: Decimal?
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
        prepaidBalance: Decimal? = nil, contactCap: Int? = nil, messagingTier: MessagingTier = .unlimited, blocklist: Set<String> = [],
        consentRequired: Bool = false, templates: [ApprovedTemplate] = []
    ) {
        self.prepaidBalance = prepaidBalance
        self.contactCap = contactCap
        self.messagingTier = messagingTier
        self.blocklist = blocklist
        self.consentRequired = consentRequired
        self.templates = templates
    }
}
