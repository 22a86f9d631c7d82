import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// Transaction bodies of the send queue: compare-and-set transitions, history, dead letters, and provider
/// statuses applied through ``StatusProgression`` (never backwards), from the dispatcher and from webhooks.
/// The same steps as the SQLite store's `SQLiteEventStore+OutboundStatus.swift`.
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
    /// Clears the claim: the message is free for any node again.
    static func apply(_ transition: OutboundTransition, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let now = transition.history?.at ?? transition.nextAttemptAt
        let failure = transition.failure.map { $0.json.documentText }
        let updated = try await connection.query(
            """
            UPDATE outbound_messages SET state = \(transition.state), attempts = \(transition.attempts),
                next_attempt_at = \(transition.nextAttemptAt.milliseconds),
                provider_message_id = COALESCE(\(transition.providerMessageID), provider_message_id),
                last_failure = COALESCE(\(failure), last_failure), dead_reason = \(transition.deadReason),
                updated_at = \(now.milliseconds), claimed_by = NULL, claimed_until = NULL
            WHERE id = \(transition.id) AND state = \(transition.expectedState) AND attempts = \(transition.expectedAttempts)
            RETURNING seq
            """, logger: logger)
        var matched = false
        for try await _ in updated { matched = true }
        guard matched else { return false }
        if let history = transition.history {
            try await insertHistory(history, messageID: transition.id, connection: connection, logger: logger)
        }
        if transition.resetDeliveryStatus {
            try await connection.query(
                "UPDATE outbound_messages SET delivery_status = 'queued' WHERE id = \(transition.id)", logger: logger)
            try await connection.query(
                "UPDATE dead_letters SET redriven_at = \(now.milliseconds) WHERE message_id = \(transition.id)", logger: logger)
        }
        if let status = transition.deliveryStatus {
            _ = try await advance(where: "id", is: transition.id, to: status, connection: connection, logger: logger)
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
        if transition.state == "sent", let providerID = transition.providerMessageID {
            try await applyStoredStatuses(providerMessageID: providerID, messageID: transition.id, connection: connection, logger: logger)
        }
        return true
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

    /// The delivery status's position in ``StatusProgression`` as SQL (the SQLite store's expression).
    static let precedenceSQL = StatusProgression.precedenceSQL()

    /// Moves the messages whose `column` is `value` forward to `status` when ``StatusProgression`` allows it (its
    /// precedence is higher than the stored one's), in one `UPDATE … RETURNING`; the ids it moved. The row lock
    /// the update takes, and PostgreSQL's re-check of the condition after waiting for it, keep two statuses
    /// applied at once from both winning.
    static func advance(
        where column: String, is value: String, to status: DeliveryStatus, connection: PostgresConnection, logger: Logger
    ) async throws -> [String] {
        var moved: [String] = []
        for try await id in try await connection.query(
            """
            UPDATE outbound_messages SET delivery_status = \(status.rawValue)
            WHERE \(unescaped: column) = \(value) AND \(unescaped: precedenceSQL) < \(StatusProgression.precedence(status))
            RETURNING id
            """, logger: logger
        ).decode(String.self) {
            moved.append(id)
        }
        return moved
    }

    /// ``advance(where:is:to:connection:logger:)`` with the report's status, and the report in the history of each
    /// message it moved.
    private static func advance(
        _ report: ProviderStatusReport, where column: String, is value: String, connection: PostgresConnection, logger: Logger
    ) async throws {
        let moved = try await advance(where: column, is: value, to: report.status, connection: connection, logger: logger)
        for id in moved { try await insertHistory(report.historyEntry, messageID: id, connection: connection, logger: logger) }
    }

    /// A provider status webhook (a stored `status` event): updates the outbound messages with that provider
    /// id, forward only, and records it in their history. Runs inside the append's transaction, after
    /// ``lockProviderMessages(_:connection:logger:)``.
    static func applyProviderStatus(_ event: CanonicalEvent, connection: PostgresConnection, logger: Logger) async throws {
        guard let report = ProviderStatusReport(event: event) else { return }
        try await advance(report, where: "provider_message_id", is: report.providerMessageID, connection: connection, logger: logger)
    }

    /// Statuses that arrived before the send was recorded (a fast provider): applied once the provider id is
    /// known, oldest first.
    private static func applyStoredStatuses(
        providerMessageID: String, messageID: String, connection: PostgresConnection, logger: Logger
    ) async throws {
        var found: [ProviderStatusReport] = []
        for try await text in try await connection.query(
            "SELECT json FROM events WHERE provider_message_id = \(providerMessageID) AND kind = 'status' ORDER BY seq", logger: logger
        ).decode(String.self) {
            if let report = ProviderStatusReport(storedEventJSON: text, providerMessageID: providerMessageID) { found.append(report) }
        }
        for report in found { try await advance(report, where: "id", is: messageID, connection: connection, logger: logger) }
    }
}
