import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore

/// Messages, scopes and decisions for the ledger tests on a real SQLite file. The `decide` closures mimic the
/// policy simply (accept a paid message when the wallet covers its price); the real policy is tested elsewhere.
enum LedgerSamples {
    static let account = "106540352242922"
    static let connection = "wa"
    static let wallet = "wa"

    static func conversation(_ contact: String) -> String { "whatsapp:\(account):\(contact)" }

    /// The scope of a send to `contact` on the sample connection, prepaid from ``wallet``.
    static func scope(_ contact: String = "100", wallet: String? = LedgerSamples.wallet, seconds: Int64 = 1000) -> LedgerScope {
        LedgerScope(
            connection: connection, conversation: conversation(contact), channel: .whatsapp, account: account, contact: contact,
            wallet: wallet, portfolio: "portfolio-1", reachSince: Timestamp(seconds: seconds - 86_400))
    }

    /// A text message to `contact`, accepted at `seconds`.
    static func message(_ id: String, to contact: String = "100", idempotencyKey: String? = nil, seconds: Int64 = 1000)
        -> NewOutboundMessage
    {
        let message = OutboundMessage(channel: .whatsapp, account: account, to: contact, content: MessageContent(type: .text, text: id))
        return NewOutboundMessage(
            id: id, connection: connection, conversation: conversation(contact), recipient: contact, apiKeyID: "key-a",
            idempotencyKey: idempotencyKey, requestHash: "h-\(id)", businessInitiated: false, message: message.json, decision: .null,
            createdAt: Timestamp(seconds: seconds))
    }

    /// The hold of a paid message: `price` as `category`, settled by the provider's pricing unless `settlesOn` says.
    static func hold(
        _ id: String, price: Money, category: String = "marketing", contact: String = "100", settlesOn: HoldRecord.SettlesOn = .pricing,
        bytes: Int64 = 0, month: String? = nil, seconds: Int64 = 1000
    ) -> HoldRecord {
        HoldRecord(
            messageID: id, wallet: wallet, amount: price, category: category,
            rates: ["marketing": price, "utility": Money(micros: price.micros / 2)], settlesOn: settlesOn, attachmentBytes: bytes,
            attachmentMonth: month, conversation: conversation(contact), createdAt: Timestamp(seconds: seconds))
    }

    /// Accepts when the wallet covers `price` (refuses `balance_exhausted` otherwise), holding `price`.
    static func payingDecision(_ id: String, price: Money, reservation: AcceptReservation? = nil)
        -> @Sendable (LedgerSnapshot) ->
        AcceptVerdict
    {
        { snapshot in
            guard let wallet = snapshot.wallet, wallet.covers(price) else {
                return .refuse(decision: ["allowed": false, "code": "balance_exhausted"])
            }
            return .accept(
                decision: ["allowed": true], businessInitiated: false,
                reservation: reservation ?? AcceptReservation(hold: hold(id, price: price)))
        }
    }

    /// The dispatcher's transition into `state` for a claimed (queued) message.
    static func transition(
        _ id: String, to state: OutboundQueueState, providerID: String? = nil, seconds: Int64 = 1001, refusal: DispatchRefusal? = nil
    ) -> OutboundTransition {
        let failure =
            state == .sent
            ? nil : refusal?.failure ?? DeliveryFailure(category: .invalidRequest, providerCode: "131026", message: "undeliverable")
        return OutboundTransition(
            id: id, expectedState: .queued, expectedAttempts: 0, state: state, attempts: 1, nextAttemptAt: Timestamp(seconds: seconds),
            providerMessageID: providerID, failure: failure, deliveryStatus: state == .sent ? .sent : state == .failed ? .failed : nil,
            history: OutboundHistoryEntry(status: state.rawValue, at: Timestamp(seconds: seconds), providerMessageID: providerID),
            refusal: refusal)
    }

    /// A provider status webhook for `providerID`, with the provider's pricing when given.
    static func status(_ status: DeliveryStatus, providerID: String, pricing: Pricing? = nil, seconds: Int64 = 1002) -> EventRecord {
        var event = CanonicalEvent(
            kind: .status, channel: .whatsapp, provider: .meta, account: account, direction: .outbound,
            timestamp: Timestamp(seconds: seconds), contact: Contact(id: "100"), providerMessageID: providerID, status: status,
            pricing: pricing)
        event.assignID(key: "\(providerID):\(status.rawValue)")
        return EventRecord(event: event, connection: connection)
    }

    static func usd(_ text: String) -> Money { Money(decimalString: text)! }
}
