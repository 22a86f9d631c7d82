import SwitchboardCore

/// A change to a wallet, from any source: the configuration's opening balance, an accepted send (hold), its
/// outcome (settle, release) or the operator (top-up, adjustment).
public enum WalletCommand: Sendable, Hashable {
    /// The opening balance, entered once when the wallet is created.
    case open(amount: Money, actor: String)
    /// Set aside `amount` for an accepted message; refused when the available amount would go below zero.
    case hold(messageID: String, amount: Money, category: String, actor: String)
    /// Charge `charged` for the message and end its hold of `held`.
    case settle(messageID: String, held: Money, charged: Money, category: String?, reason: String, actor: String)
    /// End the hold of `held` without a charge.
    case release(messageID: String, held: Money, reason: String, actor: String)
    /// Money in (positive) or a correction (either sign) from the operator.
    case credit(amount: Money, kind: LedgerEntryKind, reason: String, actor: String, idempotencyKey: String?)
}

/// Why a wallet command was refused.
public enum WalletRefusal: Sendable, Hashable, Error {
    /// A hold larger than what is available.
    case insufficient(available: Money, price: Money)
    /// A debit adjustment larger than what is available (holds stay covered).
    case wouldOverdraw(available: Money, amount: Money)
    /// An amount outside the ledger's range, or zero where it means nothing.
    case invalidAmount(String)
}

/// A wallet event for subscribers: crossing the low-balance threshold, or running out.
public enum WalletNotice: String, Sendable, Hashable {
    case balanceLow = "balance_low"
    case balanceExhausted = "balance_exhausted"
}

/// The result of a command: the new state, its history line, and the notices to send.
public struct WalletChange: Sendable, Hashable {
    public var wallet: WalletState
    public var entry: LedgerEntry
    public var notices: [WalletNotice]
}

extension WalletState {
    /// Applies `command` at `at`. Pure: the store saves the result, its entry and its notices in the
    /// transaction that caused it.
    ///
    /// - A hold is refused when balance − held − amount < 0, so no paid message is ever accepted without
    ///   money for it. A zero hold is never asked for (free messages hold nothing).
    /// - A settlement may charge more than was held (the provider reported a dearer category); the charge is
    ///   recorded as reported, so the balance can only go below zero by that difference.
    /// - `balance_exhausted` is announced once when the available amount reaches zero or less, and
    ///   `balance_low` once when it falls below the threshold; each is announced again only after money
    ///   came in above it.
    public func applying(_ command: WalletCommand, at: Timestamp) throws(WalletRefusal) -> WalletChange {
        var next = self
        next.updatedAt = at
        let entry: LedgerEntry
        func line(
            _ kind: LedgerEntryKind, _ amount: Money, _ reason: String, _ actor: String, message: String? = nil,
            category: String? = nil, key: String? = nil
        ) -> LedgerEntry {
            LedgerEntry(
                wallet: id, kind: kind, amount: amount, balanceAfter: next.balance, heldAfter: next.held, reason: reason, actor: actor,
                messageID: message, category: category, idempotencyKey: key, at: at)
        }
        switch command {
        case .open(let amount, let actor):
            guard amount.magnitudeWithin else { throw .invalidAmount("the opening balance \(amount) is out of range") }
            next.balance = amount
            entry = line(.open, amount, "opening balance", actor)
        case .hold(let messageID, let amount, let category, let actor):
            guard amount.isPositive, amount.magnitudeWithin else { throw .invalidAmount("a hold must be positive, not \(amount)") }
            guard covers(amount), let held = held.adding(amount) else { throw .insufficient(available: available, price: amount) }
            next.held = held
            entry = line(.hold, amount, "\(category) message", actor, message: messageID, category: category)
        case .settle(let messageID, let heldAmount, let charged, let category, let reason, let actor):
            guard !charged.isNegative, charged.magnitudeWithin, let balance = balance.subtracting(charged) else {
                throw .invalidAmount("a charge must be zero or positive, not \(charged)")
            }
            next.balance = balance
            next.held = max(.zero, held.subtracting(heldAmount) ?? .zero)
            entry = line(.settle, charged, reason, actor, message: messageID, category: category)
        case .release(let messageID, let heldAmount, let reason, let actor):
            next.held = max(.zero, held.subtracting(heldAmount) ?? .zero)
            entry = line(.release, heldAmount, reason, actor, message: messageID)
        case .credit(let amount, let kind, let reason, let actor, let key):
            guard kind == .topUp || kind == .adjustment, amount.micros != 0, amount.magnitudeWithin,
                kind == .adjustment || amount.isPositive
            else { throw .invalidAmount("a \(kind.rawValue) of \(amount) is not allowed") }
            if amount.isNegative, !covers(amount.negated) { throw .wouldOverdraw(available: available, amount: amount) }
            guard let balance = balance.adding(amount), balance.magnitudeWithin else {
                throw .invalidAmount("the balance would leave the ledger's range")
            }
            next.balance = balance
            entry = line(kind, amount, reason, actor, key: key)
        }
        var notices: [WalletNotice] = []
        let available = next.available
        if available.micros <= 0 {
            if !next.exhaustedAnnounced { notices.append(.balanceExhausted) }
            next.exhaustedAnnounced = true
        } else {
            next.exhaustedAnnounced = false
        }
        if let threshold = next.lowThreshold, available < threshold {
            if !next.lowAnnounced, available.micros > 0 { notices.append(.balanceLow) }
            next.lowAnnounced = true
        } else {
            next.lowAnnounced = false
        }
        return WalletChange(wallet: next, entry: entry, notices: notices)
    }
}

extension Money {
    /// Whether the amount lies within ± ``limit``.
    var magnitudeWithin: Bool { micros.magnitude <= Money.limit.micros.magnitude }
}
