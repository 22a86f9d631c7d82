import SwitchboardCore
import SwitchboardQueue

/// Writer-thread bodies of the send queue: compare-and-set transitions, history, dead letters, and provider
/// statuses applied through ``StatusProgression`` (never backwards), from the dispatcher and from webhooks.
extension SQLiteEventStore {
    /// The delivery status's position in ``StatusProgression`` as SQL.
    static let precedenceSQL = StatusProgression.precedenceSQL()

    /// The outcome in one statement: ?11 is the delivery status to apply forward only (with ?12 its precedence,
    /// -1 for none), ?13 = 1 resets the delivery status to `queued` first (a redrive). Folding the status in
    /// saves a read and a second update of the row per outcome.
    static let updateOutboundSQL =
        "UPDATE outbound_messages SET state = ?1, attempts = ?2, next_attempt_at = ?3, "
        + "provider_message_id = COALESCE(?4, provider_message_id), last_failure = COALESCE(?5, last_failure), "
        + "dead_reason = ?6, updated_at = ?7, delivery_status = CASE "
        + "WHEN ?12 > (CASE WHEN ?13 = 1 THEN 0 ELSE \(precedenceSQL) END) THEN ?11 "
        + "WHEN ?13 = 1 THEN 'queued' ELSE delivery_status END "
        + "WHERE id = ?8 AND state = ?9 AND attempts = ?10"

    /// Applies one transition; `false` when the row was not in the expected state (someone else moved it).
    static func apply(_ transition: OutboundTransition, connection: SQLiteConnection) throws(StoreError) -> Bool {
        let now = transition.history?.at ?? transition.nextAttemptAt
        let update = try connection.statement(updateOutboundSQL)
        update.bind(1, transition.state)
        update.bind(2, transition.attempts)
        update.bind(3, transition.nextAttemptAt.milliseconds)
        update.bind(4, transition.providerMessageID)
        update.bind(5, transition.failure.map { $0.json.documentText })
        update.bind(6, transition.deadReason)
        update.bind(7, now.milliseconds)
        update.bind(8, transition.id)
        update.bind(9, transition.expectedState)
        update.bind(10, transition.expectedAttempts)
        update.bind(11, transition.deliveryStatus?.rawValue)
        update.bind(12, transition.deliveryStatus.map(StatusProgression.precedence) ?? -1)
        update.bind(13, transition.resetDeliveryStatus ? 1 : 0)
        try update.step()
        guard connection.changes == 1 else { return false }
        if let history = transition.history {
            try insertHistory(history, messageID: transition.id, connection: connection)
        }
        if transition.resetDeliveryStatus {
            let closed = try connection.statement("UPDATE dead_letters SET redriven_at = ?2 WHERE message_id = ?1")
            closed.bind(1, transition.id)
            closed.bind(2, now.milliseconds)
            try closed.step()
        }
        if let reason = transition.deadReason {
            let letter = try connection.statement(
                "INSERT INTO dead_letters (message_id, reason, failure, attempts, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                    + "ON CONFLICT(message_id) DO UPDATE SET reason = ?2, failure = ?3, attempts = ?4, created_at = ?5, redriven_at = NULL")
            letter.bind(1, transition.id)
            letter.bind(2, reason)
            letter.bind(3, transition.failure.map { $0.json.documentText })
            letter.bind(4, transition.attempts)
            letter.bind(5, now.milliseconds)
            try letter.step()
        }
        if transition.state == "sent", let providerID = transition.providerMessageID {
            try applyStoredStatuses(providerMessageID: providerID, messageID: transition.id, connection: connection)
        }
        return true
    }

    static func insertHistory(_ entry: OutboundHistoryEntry, messageID: String, connection: SQLiteConnection) throws(StoreError) {
        let insert = try connection.statement(
            "INSERT INTO outbound_history (message_id, status, at, provider_message_id, error_code, message, detail) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        insert.bind(1, messageID)
        insert.bind(2, entry.status)
        insert.bind(3, entry.at.milliseconds)
        insert.bind(4, entry.providerMessageID)
        insert.bind(5, entry.errorCode)
        insert.bind(6, entry.message)
        insert.bind(7, entry.detail)
        try insert.step()
    }

    /// Moves the messages whose `column` equals `value` forward to the report's status when ``StatusProgression``
    /// allows it (its precedence is higher than the stored one's), in one `UPDATE … RETURNING`, and records the
    /// report in the history of each message it moved.
    private static func advance(
        _ report: ProviderStatusReport, where column: String, is value: String, connection: SQLiteConnection
    ) throws(StoreError) {
        let update = try connection.statement(
            "UPDATE outbound_messages SET delivery_status = ?2 WHERE \(column) = ?1 AND \(precedenceSQL) < ?3 RETURNING id")
        update.bind(1, value)
        update.bind(2, report.status.rawValue)
        update.bind(3, StatusProgression.precedence(report.status))
        var advanced: [String] = []
        while try update.step() { advanced.append(update.string(0)) }
        update.reset()
        for id in advanced { try insertHistory(report.historyEntry, messageID: id, connection: connection) }
    }

    /// A provider status webhook (a stored `status` event): moves the outbound messages with that provider id
    /// forward and records it in their history. Called inside the event's append transaction.
    static func applyProviderStatus(_ event: CanonicalEvent, connection: SQLiteConnection) throws(StoreError) {
        guard let report = ProviderStatusReport(event: event) else { return }
        try advance(report, where: "provider_message_id", is: report.providerMessageID, connection: connection)
    }

    /// Stored status events for a provider message id, oldest first (served by `events_status_by_message`).
    static let storedStatusesSQL = "SELECT json FROM events WHERE provider_message_id = ?1 AND kind = 'status' ORDER BY seq"

    /// Statuses that arrived before the send was recorded (a fast provider): applied once the provider id is known.
    private static func applyStoredStatuses(providerMessageID: String, messageID: String, connection: SQLiteConnection)
        throws(StoreError)
    {
        let statement = try connection.statement(storedStatusesSQL)
        statement.bind(1, providerMessageID)
        var found: [ProviderStatusReport] = []
        while try statement.step() {
            if let report = ProviderStatusReport(storedEventJSON: statement.string(0), providerMessageID: providerMessageID) {
                found.append(report)
            }
        }
        statement.reset()
        for report in found { try advance(report, where: "id", is: messageID, connection: connection) }
    }
}
