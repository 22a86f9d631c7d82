import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardLedger
import SwitchboardQueue
import SwitchboardStore

/// Transaction bodies of the send queue: compare-and-set transitions, history, dead letters, and provider
/// statuses from the dispatcher and from webhooks. The store decides nothing: the new delivery statuses come
/// from ``OutboundTransition/deliveryStatus(replacing:)`` and ``OutboundStatusChange/changes(applying:to:)``,
/// computed from the stored ones while their rows are locked. The same steps as the SQLite store's
/// `SQLiteEventStore+OutboundStatus.swift`.
extension PostgresEventStore {
    /// Takes a transaction-scoped advisory lock per provider message id, in id order.
    ///
    /// A status webhook (an append) and the send that records the same provider id (a transition) may run
    /// at once on two nodes; each would miss the other's uncommitted row (the status would never reach the
    /// message). Both take this lock before looking for the other's row, so the second one to take it sees
    /// the first one's commit. Lock order everywhere: conversations, then provider ids, then messages.
    static func lockProviderMessages(_ ids: Set<String>, connection: PostgresConnection, logger: Logger) async throws {
        for id in ids.sorted() {
            let key = "switchboard.provider_message:\(id)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
        }
    }

    /// Applies one transition; `false` when the row was not in the expected state (someone else moved it).
    /// Clears the claim: the message is free for any node again. The compare-and-set update returns the stored
    /// delivery status with the row locked, so the status computed from it cannot lose a concurrent update.
    /// A message that ends resolves its hold (`+LedgerHolds.swift`); one refused at dispatch is announced to the
    /// ledger's status subscribers. The second value: whether events were stored.
    static func apply(
        _ transition: OutboundTransition, settings: LedgerStoreSettings, connection: PostgresConnection, logger: Logger
    ) async throws -> (Bool, Bool) {
        let now = transition.history?.at ?? transition.nextAttemptAt
        let failure = transition.failure.map { $0.json.documentText }
        let updated = try await connection.query(
            """
            UPDATE outbound_messages SET state = \(transition.state.rawValue), attempts = \(transition.attempts),
                next_attempt_at = \(transition.nextAttemptAt.milliseconds),
                provider_message_id = COALESCE(\(transition.providerMessageID), provider_message_id),
                last_failure = COALESCE(\(failure), last_failure), dead_reason = \(transition.deadReason),
                updated_at = \(now.milliseconds), claimed_by = NULL, claimed_until = NULL
            WHERE id = \(transition.id) AND state = \(transition.expectedState.rawValue) AND attempts = \(transition.expectedAttempts)
            RETURNING delivery_status
            """, logger: logger)
        var stored: DeliveryStatus?
        for try await text in updated.decode(String.self) { stored = DeliveryStatus(rawValue: text) ?? .queued }
        guard let stored else { return (false, false) }
        if let history = transition.history {
            try await insertHistory(history, messageID: transition.id, connection: connection, logger: logger)
        }
        let status = transition.deliveryStatus(replacing: stored)
        if transition.changesDeliveryStatus && status != stored {
            try await connection.query(
                "UPDATE outbound_messages SET delivery_status = \(status.rawValue) WHERE id = \(transition.id)", logger: logger)
        }
        if transition.resetDeliveryStatus {
            try await connection.query(
                "UPDATE dead_letters SET redriven_at = \(now.milliseconds) WHERE message_id = \(transition.id)", logger: logger)
        }
        if let reason = transition.deadReason {
            try await connection.query(
                """
                INSERT INTO dead_letters (message_id, reason, failure, attempts, created_at)
                VALUES (\(transition.id), \(reason), \(failure), \(transition.attempts), \(now.milliseconds))
                ON CONFLICT (message_id) DO UPDATE SET reason = EXCLUDED.reason, failure = EXCLUDED.failure,
                    attempts = EXCLUDED.attempts, created_at = EXCLUDED.created_at, redriven_at = NULL
                """, logger: logger)
        }
        var noticed = try await endHold(of: transition, at: now, settings: settings, connection: connection, logger: logger)
        if transition.state == .sent, let providerID = transition.providerMessageID {
            let early = try await applyStoredStatuses(
                to: StoredDeliveryStatus(messageID: transition.id, providerMessageID: providerID, status: status), connection: connection,
                logger: logger)
            for report in early {
                let resolved = try await resolveHold(
                    messageID: transition.id, event: holdEvent(report), actor: { "provider:\($0)" }, at: now, settings: settings,
                    connection: connection, logger: logger)
                noticed = noticed || resolved
            }
        }
        return (true, noticed)
    }

    static func insertHistory(
        _ entry: OutboundHistoryEntry, messageID: String, connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO outbound_history (message_id, status, at, provider_message_id, error_code, message, detail)
            VALUES (\(messageID), \(entry.status), \(entry.at.milliseconds), \(entry.providerMessageID), \(entry.errorCode),
                    \(entry.message), \(entry.detail))
            """, logger: logger)
    }

    /// Writes each message's new delivery status and the history lines of the reports that moved it (the rows
    /// are locked by the read the change was computed from).
    private static func save(_ changes: [OutboundStatusChange], connection: PostgresConnection, logger: Logger) async throws {
        for change in changes {
            try await connection.query(
                "UPDATE outbound_messages SET delivery_status = \(change.status.rawValue) WHERE id = \(change.messageID)", logger: logger)
            for entry in change.history {
                try await insertHistory(entry, messageID: change.messageID, connection: connection, logger: logger)
            }
        }
    }

    /// Provider status webhooks (the plan's status reports of the stored events): reads the delivery statuses of
    /// the messages with those provider ids `FOR UPDATE` (in id order, after
    /// ``lockProviderMessages(_:connection:logger:)``) and writes what the reports change. Runs inside the
    /// append's transaction.
    /// Returns the messages the reports found (for their holds).
    @discardableResult
    static func applyStatusReports(
        _ reports: [ProviderStatusReport], connection: PostgresConnection, logger: Logger
    ) async throws -> [StoredDeliveryStatus] {
        guard !reports.isEmpty else { return [] }
        let ids = Array(Set(reports.map(\.providerMessageID)))
        var messages: [StoredDeliveryStatus] = []
        for try await (id, providerID, status) in try await connection.query(
            """
            SELECT id, provider_message_id, delivery_status FROM outbound_messages
            WHERE provider_message_id = ANY(\(ids)) ORDER BY id FOR UPDATE
            """, logger: logger
        ).decode((String, String, String).self) {
            messages.append(
                StoredDeliveryStatus(messageID: id, providerMessageID: providerID, status: DeliveryStatus(rawValue: status) ?? .queued))
        }
        try await save(OutboundStatusChange.changes(applying: reports, to: messages), connection: connection, logger: logger)
        return messages
    }

    /// Statuses that arrived before the send was recorded (a fast provider): applied once the provider id is
    /// known, oldest first; returned for the hold. The message's row is locked by the transition's update.
    private static func applyStoredStatuses(
        to message: StoredDeliveryStatus, connection: PostgresConnection, logger: Logger
    ) async throws -> [ProviderStatusReport] {
        var found: [ProviderStatusReport] = []
        for try await text in try await connection.query(
            "SELECT json FROM events WHERE provider_message_id = \(message.providerMessageID) AND kind = 'status' ORDER BY seq",
            logger: logger
        ).decode(String.self) {
            if let report = ProviderStatusReport(storedEventJSON: text, providerMessageID: message.providerMessageID) {
                found.append(report)
            }
        }
        try await save(OutboundStatusChange.changes(applying: found, to: [message]), connection: connection, logger: logger)
        return found
    }
}
