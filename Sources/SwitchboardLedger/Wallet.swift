import SwitchboardCore

/// A prepaid wallet: the money one connection (or several that name the same wallet) may spend on paid
/// messages. `held` is the sum of the open holds of accepted messages not yet settled or released.
public struct WalletState: Sendable, Hashable {
    /// The wallet's name: `outbound.wallet` of the connections sharing it, else the connection's name.
    public var id: String
    /// ISO 4217 code of every amount in it.
    public var currency: String
    public var balance: Money
    public var held: Money
    /// Below this available amount subscribers get one `balance_low` event (until it rises above again).
    public var lowThreshold: Money?
    /// Whether `balance_low` was announced and not yet cleared by money rising above the threshold.
    public var lowAnnounced: Bool
    /// Whether `balance_exhausted` was announced and not yet cleared by money coming in.
    public var exhaustedAnnounced: Bool
    /// The time of the last entry.
    public var updatedAt: Timestamp

    public init(
        id: String, currency: String, balance: Money = .zero, held: Money = .zero, lowThreshold: Money? = nil,
        lowAnnounced: Bool = false, exhaustedAnnounced: Bool = false, updatedAt: Timestamp = Timestamp(milliseconds: 0)
    ) {
        self.id = id
        self.currency = currency
        self.balance = balance
        self.held = held
        self.lowThreshold = lowThreshold
        self.lowAnnounced = lowAnnounced
        self.exhaustedAnnounced = exhaustedAnnounced
        self.updatedAt = updatedAt
    }

    /// What paid messages may still be accepted for: balance minus holds.
    public var available: Money { balance.subtracting(held) ?? .zero }

    /// Whether a paid message costing `price` may be accepted: the available amount stays at or above zero.
    public func covers(_ price: Money) -> Bool {
        guard let rest = available.subtracting(price) else { return false }
        return !rest.isNegative
    }

    /// `{id, currency, balance, held, available, low_threshold?, updated_at}` with decimal strings.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("id", .string(id))
        object.set("currency", .string(currency))
        object.set("balance", .string(balance.decimalString))
        object.set("held", .string(held.decimalString))
        object.set("available", .string(available.decimalString))
        object.set("low_threshold", lowThreshold.map { .string($0.decimalString) })
        object.set("updated_at", .string(updatedAt.rfc3339))
        return .object(object)
    }
}

/// What a ledger entry records.
public enum LedgerEntryKind: String, Sendable, Hashable, CaseIterable {
    /// The opening balance from the configuration, entered once.
    case open
    /// Money set aside for an accepted paid message.
    case hold
    /// A hold turned into a charge (the provider's pricing, or the send's outcome where no pricing comes).
    case settle
    /// A hold given back (the send failed, was refused at dispatch, or the provider did not charge).
    case release
    /// Money added by the operator.
    case topUp = "top_up"
    /// A correction by the operator (either sign).
    case adjustment
}

/// One line of a wallet's history. Nothing changes a balance without one.
public struct LedgerEntry: Sendable, Hashable {
    /// The store's order of entries (0 before it is stored).
    public var sequence: Int64
    public var wallet: String
    public var kind: LedgerEntryKind
    /// The amount of the entry: held, charged, released, added (negative for a debit adjustment).
    public var amount: Money
    /// The balance and the held total after the entry.
    public var balanceAfter: Money
    public var heldAfter: Money
    /// Why, in words (`"top-up"`, `"whatsapp marketing template"`, `"send failed: 131026"`).
    public var reason: String
    /// Who: `api:<key id>`, `config`, `gateway`, `provider:<connection>`.
    public var actor: String
    /// The outbound message a hold, settlement or release belongs to.
    public var messageID: String?
    /// The cost category it was held or settled as.
    public var category: String?
    /// The operator's idempotency key (top-ups and adjustments).
    public var idempotencyKey: String?
    public var at: Timestamp

    public init(
        sequence: Int64 = 0, wallet: String, kind: LedgerEntryKind, amount: Money, balanceAfter: Money, heldAfter: Money,
        reason: String, actor: String, messageID: String? = nil, category: String? = nil, idempotencyKey: String? = nil,
        at: Timestamp
    ) {
        self.sequence = sequence
        self.wallet = wallet
        self.kind = kind
        self.amount = amount
        self.balanceAfter = balanceAfter
        self.heldAfter = heldAfter
        self.reason = reason
        self.actor = actor
        self.messageID = messageID
        self.category = category
        self.idempotencyKey = idempotencyKey
        self.at = at
    }

    /// `{sequence, wallet, kind, amount, balance_after, held_after, reason, actor, message_id?, category?, at}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("sequence", .int(sequence))
        object.set("wallet", .string(wallet))
        object.set("kind", .string(kind.rawValue))
        object.set("amount", .string(amount.decimalString))
        object.set("balance_after", .string(balanceAfter.decimalString))
        object.set("held_after", .string(heldAfter.decimalString))
        object.set("reason", .string(reason))
        object.set("actor", .string(actor))
        object.set("message_id", messageID.map(JSONValue.string))
        object.set("category", category.map(JSONValue.string))
        object.set("idempotency_key", idempotencyKey.map(JSONValue.string))
        object.set("at", .string(at.rfc3339))
        return .object(object)
    }
}

/// What one accepted message reserved, until it is settled or released: its estimated price in a prepaid
/// wallet, and its attachment bytes in the contact's monthly quota. Every accepted message that reserves
/// either has one.
public struct HoldRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case held, settled, released
    }

    /// What ends the hold with a charge.
    public enum SettlesOn: String, Sendable, Hashable {
        /// The provider's pricing on a status webhook (WhatsApp); a `delivered` or `read` status without
        /// pricing charges the held amount.
        case pricing
        /// The provider accepting the send (channels whose status webhooks carry no pricing).
        case sent
    }

    public var messageID: String
    /// The prepaid wallet the money is held in; `nil` when the connection is not prepaid (amount zero).
    public var wallet: String?
    public var amount: Money
    /// The category it was priced as at accept.
    public var category: String
    /// Prices per category for this recipient at accept (`marketing` → 0.025), so a provider that reports a
    /// different category is charged that category's price without reading the price table again.
    public var rates: [String: Money]
    public var settlesOn: SettlesOn
    public var state: State
    /// The attachment bytes reserved at accept for this message's contact and month, given back with the hold
    /// when the send fails.
    public var attachmentBytes: Int64
    public var attachmentMonth: String?
    public var conversation: String
    public var createdAt: Timestamp

    public init(
        messageID: String, wallet: String?, amount: Money, category: String, rates: [String: Money] = [:], settlesOn: SettlesOn,
        state: State = .held, attachmentBytes: Int64 = 0, attachmentMonth: String? = nil, conversation: String, createdAt: Timestamp
    ) {
        self.messageID = messageID
        self.wallet = wallet
        self.amount = amount
        self.category = category
        self.rates = rates
        self.settlesOn = settlesOn
        self.state = state
        self.attachmentBytes = attachmentBytes
        self.attachmentMonth = attachmentMonth
        self.conversation = conversation
        self.createdAt = createdAt
    }
}
