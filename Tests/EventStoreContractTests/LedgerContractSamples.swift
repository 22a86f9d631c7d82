import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore

/// Scopes, decisions and events for the account-ledger contract tests: a prepaid wallet `w` of the sample
/// WhatsApp connection `wa`, marketing messages at 0.05 (utility 0.02), settled by the provider's pricing.
enum LedgerSamples {
    static let wallet = "w"
    static let marketing = Money(decimalString: "0.05")!
    static let utility = Money(decimalString: "0.02")!
    static let subscribers = LedgerStoreSettings(eventSubscribers: ["crm"], statusSubscribers: ["crm"])
    static let month = "2024-05"

    /// The scope of a send to `contact` from the sample account.
    static func scope(_ contact: String) -> LedgerScope {
        LedgerScope(
            connection: "wa", conversation: OutboundSamples.conversation(contact), channel: .whatsapp, account: OutboundSamples.account,
            contact: contact, wallet: wallet, portfolio: "portfolio", reachSince: Timestamp(seconds: 0))
    }

    /// Opens the wallet with `balance` and sends notices to `crm`.
    static func open(_ store: any GatewayStore, balance: String) async throws {
        store.configureLedger(subscribers)
        try await store.openWallets(
            [WalletOpening(id: wallet, currency: "USD", openingBalance: Money(decimalString: balance)!)], at: Timestamp(seconds: 1))
    }

    /// The caller's pure decision: a marketing message, held at its price when the wallet covers it (with
    /// `attachmentBytes` reserved in the contact's month), refused otherwise.
    static func decide(attachmentBytes: Int64 = 0, settlesOn: HoldRecord.SettlesOn = .pricing)
        -> @Sendable (LedgerSnapshot) -> AcceptVerdict
    {
        { snapshot in
            guard let wallet = snapshot.wallet, wallet.covers(marketing) else {
                return .refuse(decision: ["allowed": false, "code": "balance_exhausted"])
            }
            var conversation: ConversationState?
            if attachmentBytes > 0 {
                var state = snapshot.conversation
                state.attachmentBytesByMonth[month, default: 0] += attachmentBytes
                conversation = state
            }
            let hold = HoldRecord(
                messageID: "", wallet: wallet.id, amount: marketing, category: "marketing",
                rates: ["marketing": marketing, "utility": utility],
                settlesOn: settlesOn, attachmentBytes: attachmentBytes, attachmentMonth: attachmentBytes > 0 ? month : nil,
                conversation: snapshot.conversation.conversation, createdAt: Timestamp(seconds: 1000))
            return .accept(
                decision: ["allowed": true], businessInitiated: true,
                reservation: AcceptReservation(hold: hold, conversation: conversation, reach: !snapshot.contactReached))
        }
    }

    /// Accepts message `id` to `contact`; the stored record, or `nil` when refused.
    static func accept(
        _ store: any GatewayStore, _ id: String, to contact: String, idempotencyKey: String? = nil, attachmentBytes: Int64 = 0,
        settlesOn: HoldRecord.SettlesOn = .pricing
    ) async throws -> OutboundRecord? {
        let message = OutboundSamples.message(id, to: contact, idempotencyKey: idempotencyKey, businessInitiated: true)
        switch try await store.acceptOutbound(
            message, scope: scope(contact), decide: decide(attachmentBytes: attachmentBytes, settlesOn: settlesOn))
        {
        case .created(let record), .existing(let record, _): return record
        case .refused: return nil
        }
    }

    /// A status webhook for `providerID` with the provider's pricing.
    static func status(
        _ status: DeliveryStatus, providerID: String, type: String?, category: String? = "marketing", billable: Bool? = nil, seconds: Int64
    ) -> EventRecord {
        var event = OutboundSamples.status(status, providerID: providerID, seconds: seconds)
        event.pricing = Pricing(category: category, type: type, billable: billable, model: "PMP")
        event.assignID(key: "\(providerID):\(status.rawValue):\(type ?? "-")")
        return EventRecord(event: event, connection: "wa", subscribers: ["crm"])
    }

    /// The dispatcher's transition ending a message without sending it.
    static func abandoned(_ record: OutboundRecord, as state: OutboundQueueState, seconds: Int64) -> OutboundTransition {
        switch state {
        case .dead: return OutboundSamples.dead(record, seconds: seconds)
        case .refused:
            let refusal = DispatchRefusal(
                code: "window_closed", rule: "whatsapp_window", message: "the 24 h window closed", remedy: "send an approved template")
            return OutboundTransition(
                id: record.id, expectedState: record.state, expectedAttempts: record.attempts, state: .refused, attempts: record.attempts,
                nextAttemptAt: Timestamp(seconds: seconds), failure: refusal.failure,
                history: OutboundHistoryEntry(status: "refused", at: Timestamp(seconds: seconds), errorCode: refusal.code),
                refusal: refusal)
        default:
            let failure = DeliveryFailure(category: .invalidRequest, providerCode: "131026", message: "undeliverable")
            return OutboundTransition(
                id: record.id, expectedState: record.state, expectedAttempts: record.attempts, state: .failed,
                attempts: record.attempts + 1,
                nextAttemptAt: Timestamp(seconds: seconds), failure: failure,
                history: OutboundHistoryEntry(status: "failed", at: Timestamp(seconds: seconds), errorCode: "131026"))
        }
    }

    /// The kinds of a wallet's entries, newest first.
    static func entryKinds(_ store: any GatewayStore) async throws -> [LedgerEntryKind] {
        try await store.ledgerEntries(wallet: wallet, limit: 100, before: nil).map(\.kind)
    }
}
