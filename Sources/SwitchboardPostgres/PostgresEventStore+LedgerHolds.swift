import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore

/// Ending holds inside the transaction that records their cause: the dispatcher's outcome (``applyOutbound(_:)``)
/// or a provider status (an append, or a status stored before the send learned its provider id). The hold row is
/// locked, ``HoldRecord/resolution(of:)`` decides, and the wallet entry, the hold's new state and the attachment
/// bytes given back are written with the cause. A hold ends once: a later or repeated event changes nothing.
extension PostgresEventStore {
    /// The wallets (and, for holds with attachment bytes, the conversations) that ending the open holds of
    /// `messageIDs` or of messages with `providerIDs` may write: the caller locks them first, in the ledger's lock
    /// order (wallets, then conversations), before the provider ids and the messages. Read without locks: a hold's
    /// wallet and conversation never change.
    static func holdLockSet(
        messageIDs: [String], providerIDs: [String], connection: PostgresConnection, logger: Logger
    ) async throws -> (wallets: Set<String>, conversations: Set<String>) {
        guard !messageIDs.isEmpty || !providerIDs.isEmpty else { return ([], []) }
        var wallets = Set<String>()
        var conversations = Set<String>()
        let rows = try await connection.query(
            """
            SELECT h.wallet, h.conversation, h.attachment_bytes FROM holds h
            WHERE h.state = 'held' AND (h.message_id = ANY(\(messageIDs))
                OR h.message_id IN (SELECT id FROM outbound_messages WHERE provider_message_id = ANY(\(providerIDs))))
            """, logger: logger)
        for try await (wallet, conversation, bytes) in rows.decode((String?, String, Int64).self) {
            if let wallet { wallets.insert(wallet) }
            if bytes > 0 { conversations.insert(conversation) }
        }
        return (wallets, conversations)
    }

    /// Ends the hold of `messageID` as `event` says, if it has an open one; `true` when notices were stored.
    /// `actor` is who caused it (`gateway`, `provider:<connection>`).
    @discardableResult
    static func resolveHold(
        messageID: String, event: HoldEvent, actor: (String) -> String, at: Timestamp, settings: LedgerStoreSettings,
        connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        var found: (HoldRecord, String)?
        for try await row in try await connection.query(
            """
            SELECT \(unescaped: HoldRecord.postgresColumns), (SELECT connection FROM outbound_messages m WHERE m.id = holds.message_id)
            FROM holds
            WHERE message_id = \(messageID) AND state = 'held' FOR UPDATE
            """, logger: logger)
        {
            found = (try HoldRecord(postgresRow: row), try row.makeRandomAccess()[11].decode(String?.self) ?? "")
        }
        guard let (hold, messageConnection) = found else { return false }
        let origin = LedgerNoticeEvent.Origin(connection: messageConnection, conversation: hold.conversation)
        let who = actor(messageConnection)
        var noticed = false
        switch hold.resolution(of: event) {
        case .keep:
            return false
        case .settle(let amount, let category, let reason):
            if let walletID = hold.wallet, hold.amount.isPositive || amount.isPositive,
                let wallet = try await lockWallet(walletID, connection: connection, logger: logger)
            {
                let settle = WalletCommand.settle(
                    messageID: messageID, held: hold.amount, charged: amount, category: category, reason: reason, actor: who)
                // Only a charge beyond the ledger's range is refused; the hold still ends, with no entry.
                if let change = try? wallet.applying(settle, at: at) {
                    try await save(change, origin: origin, settings: settings, connection: connection, logger: logger)
                    noticed = !change.notices.isEmpty
                }
            }
            try await connection.query("UPDATE holds SET state = 'settled' WHERE message_id = \(messageID)", logger: logger)
        case .release(let reason, let returnBytes):
            if let walletID = hold.wallet, hold.amount.isPositive,
                let wallet = try await lockWallet(walletID, connection: connection, logger: logger)
            {
                let release = WalletCommand.release(messageID: messageID, held: hold.amount, reason: reason, actor: who)
                if let change = try? wallet.applying(release, at: at) {
                    try await save(change, origin: origin, settings: settings, connection: connection, logger: logger)
                    noticed = !change.notices.isEmpty
                }
            }
            try await connection.query("UPDATE holds SET state = 'released' WHERE message_id = \(messageID)", logger: logger)
            if returnBytes, hold.attachmentBytes > 0, let month = hold.attachmentMonth {
                try await giveBackAttachmentBytes(
                    hold.attachmentBytes, month: month, conversation: hold.conversation, at: at, connection: connection, logger: logger)
            }
        }
        return noticed
    }

    /// Takes `bytes` reserved at accept back out of the conversation's monthly attachment count.
    static func giveBackAttachmentBytes(
        _ bytes: Int64, month: String, conversation: String, at: Timestamp, connection: PostgresConnection, logger: Logger
    ) async throws {
        var state: ConversationState?
        for try await row in try await connection.query(
            "SELECT \(unescaped: ConversationState.postgresColumns) FROM conversations WHERE key = \(conversation) FOR UPDATE",
            logger: logger)
        {
            state = try ConversationState(postgresRow: row)
        }
        guard var state, let used = state.attachmentBytesByMonth[month] else { return }
        state.attachmentBytesByMonth[month] = max(0, used - bytes)
        try await connection.query(state.postgresUpdate(updatedAt: at), logger: logger)
    }
}

/// The causes that end holds: the dispatcher's transitions and the provider's status reports.
extension PostgresEventStore {
    /// Whether a transition to `state` ends the message's hold (sent: settled when it settles on send; failed, dead,
    /// refused: released).
    static func endsHold(_ state: OutboundQueueState) -> Bool {
        [.sent, .failed, .dead, .refused].contains(state)
    }

    /// What a provider status report does to a hold.
    static func holdEvent(_ report: ProviderStatusReport) -> HoldEvent {
        .status(report.status, pricing: report.pricing)
    }

    /// Ends the hold of the message a transition moved (``endsHold(_:)``), and announces a refusal at dispatch to
    /// the status subscribers; `true` when events were stored.
    static func endHold(
        of transition: OutboundTransition, at: Timestamp, settings: LedgerStoreSettings, connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        guard let event = transition.holdEvent else { return false }
        var noticed = try await resolveHold(
            messageID: transition.id, event: event, actor: { _ in "gateway" }, at: at, settings: settings, connection: connection,
            logger: logger)
        if transition.state == .refused, !settings.statusSubscribers.isEmpty {
            var message: (String, String, String)?
            for try await row in try await connection.query(
                "SELECT connection, conversation, request FROM outbound_messages WHERE id = \(transition.id)", logger: logger
            ).decode((String, String, String).self) {
                message = row
            }
            let refusal = transition.refusal
            if let (name, conversation, request) = message,
                let record = LedgerNoticeEvent.refusedAtDispatch(
                    messageID: transition.id, connection: name, conversation: conversation,
                    code: refusal?.code ?? transition.failure?.providerCode ?? "refused", rule: refusal?.rule,
                    detail: refusal?.detail ?? transition.failure?.message, metadata: (try? JSONParser.parse(request))?["metadata"]?.string,
                    at: at, subscribers: settings.statusSubscribers)
            {
                try await insertLedgerEvent(record, at: at, connection: connection, logger: logger)
                noticed = true
            }
        }
        return noticed
    }

    /// Ends the holds of the messages that `reports` (an append's status webhooks, in order) found.
    @discardableResult
    static func resolveReportedHolds(
        _ reports: [ProviderStatusReport], messages: [StoredDeliveryStatus], at: Timestamp, settings: LedgerStoreSettings,
        connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        var noticed = false
        for report in reports {
            for message in messages where message.providerMessageID == report.providerMessageID {
                let resolved = try await resolveHold(
                    messageID: message.messageID, event: holdEvent(report), actor: { "provider:\($0)" }, at: at,
                    settings: settings, connection: connection, logger: logger)
                noticed = noticed || resolved
            }
        }
        return noticed
    }
}
