import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue

/// The send's outcomes in the ledger, in the transaction that records them: the dispatcher's transitions and the
/// provider's status reports end the message's hold (``resolveHold(messageID:event:cause:at:settings:connection:)``),
/// and a message refused at dispatch is told to the subscribers of `status` events.
extension SQLiteEventStore {
    /// What a dispatcher transition does to the ledger: `sent` ends a hold that settles on send; `failed`, `dead`
    /// and `refused` release it (with the attachment bytes); `refused` also stores the subscribers' `status` event.
    static func applyLedgerOutcome(
        of transition: OutboundTransition, at: Timestamp, settings: LedgerStoreSettings, connection: SQLiteConnection
    )
        throws(StoreError)
    {
        guard let event = transition.holdEvent else { return }
        try resolveHold(messageID: transition.id, event: event, cause: .dispatcher, at: at, settings: settings, connection: connection)
        guard transition.state == .refused, !settings.statusSubscribers.isEmpty,
            let origin = try messageOrigin(transition.id, connection: connection)
        else { return }
        let refusal = transition.refusal
        let record = LedgerNoticeEvent.refusedAtDispatch(
            messageID: transition.id, connection: origin.connection, conversation: origin.conversation,
            code: refusal?.code ?? transition.failure?.providerCode ?? "refused", rule: refusal?.rule,
            detail: refusal?.detail ?? transition.failure?.message, metadata: try requestMetadata(transition.id, connection: connection),
            at: at, subscribers: settings.statusSubscribers)
        if let record { try insertGatewayEvent(record, at: at, connection: connection) }
    }

    /// Each report, in order, applied to the hold of each message carrying its provider id (a hold that already
    /// ended keeps its state: a re-delivered status settles nothing twice).
    static func resolveHolds(
        reporting reports: [ProviderStatusReport], to messages: [StoredDeliveryStatus], at: Timestamp, settings: LedgerStoreSettings,
        connection: SQLiteConnection
    ) throws(StoreError) {
        for report in reports {
            for message in messages where message.providerMessageID == report.providerMessageID {
                try resolveHold(
                    messageID: message.messageID, event: .status(report.status, pricing: report.pricing), cause: .provider, at: at,
                    settings: settings, connection: connection)
            }
        }
    }

    /// The `metadata` the sender attached to the message (echoed on its statuses), or `nil`.
    private static func requestMetadata(_ messageID: String, connection: SQLiteConnection) throws(StoreError) -> String? {
        let statement = try connection.statement("SELECT request FROM outbound_messages WHERE id = ?1")
        statement.bind(1, messageID)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return (try? JSONParser.parse(statement.string(0)))?["metadata"]?.string
    }
}
