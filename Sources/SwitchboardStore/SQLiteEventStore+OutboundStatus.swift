import SwitchboardCore
import SwitchboardQueue

/// Writer-thread bodies of the send queue: compare-and-set transitions, history, dead letters, and provider
/// statuses from the dispatcher and from webhooks. The store decides nothing: the new delivery statuses come
/// from ``OutboundTransition/deliveryStatus(replacing:)`` and ``OutboundStatusChange/changes(applying:to:)``,
/// computed from the stored ones (the single writer makes each read-compute-write atomic).
extension SQLiteEventStore {
    /// The outcome in one statement; ?11 is the delivery status computed in Swift (`NULL` keeps the stored one).
    static let updateOutboundSQL =
        "UPDATE outbound_messages SET state = ?1, attempts = ?2, next_attempt_at = ?3, "
        + "provider_message_id = COALESCE(?4, provider_message_id), last_failure = COALESCE(?5, last_failure), "
        + "dead_reason = ?6, updated_at = ?7, delivery_status = COALESCE(?11, delivery_status) "
        + "WHERE id = ?8 AND state = ?9 AND attempts = ?10"

    /// The stored delivery status of the message when it is still in the transition's expected state (?2, ?3).
    static let expectedDeliveryStatusSQL = "SELECT delivery_status FROM outbound_messages WHERE id = ?1 AND state = ?2 AND attempts = ?3"

    /// Applies one transition; `false` when the row was not in the expected state (someone else moved it). The
    /// message's hold ends with it (``applyLedgerOutcome(of:at:settings:connection:)``).
    static func apply(_ transition: OutboundTransition, settings: LedgerStoreSettings, connection: SQLiteConnection) throws(StoreError)
        -> Bool
    {
        let now = transition.history?.at ?? transition.nextAttemptAt
        var deliveryStatus: DeliveryStatus?
        if transition.changesDeliveryStatus {
            // A read by primary key, only for the outcomes that change the status (sent, failed, redrive).
            let stored = try connection.statement(expectedDeliveryStatusSQL)
            stored.bind(1, transition.id)
            stored.bind(2, transition.expectedState.rawValue)
            stored.bind(3, transition.expectedAttempts)
            defer { stored.reset() }
            guard try stored.step() else { return false }
            deliveryStatus = transition.deliveryStatus(replacing: DeliveryStatus(rawValue: stored.string(0)) ?? .queued)
        }
        let update = try connection.statement(updateOutboundSQL)
        update.bind(1, transition.state.rawValue)
        update.bind(2, transition.attempts)
        update.bind(3, transition.nextAttemptAt.milliseconds)
        update.bind(4, transition.providerMessageID)
        update.bind(5, transition.failure.map { $0.json.documentText })
        update.bind(6, transition.deadReason)
        update.bind(7, now.milliseconds)
        update.bind(8, transition.id)
        update.bind(9, transition.expectedState.rawValue)
        update.bind(10, transition.expectedAttempts)
        update.bind(11, deliveryStatus?.rawValue)
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
        try applyLedgerOutcome(of: transition, at: now, settings: settings, connection: connection)
        if transition.state == .sent, let providerID = transition.providerMessageID {
            let current: DeliveryStatus
            if let deliveryStatus {
                current = deliveryStatus
            } else {
                current = try storedDeliveryStatuses(where: "id", is: transition.id, connection: connection).first?.status ?? .queued
            }
            try applyStoredStatuses(
                to: StoredDeliveryStatus(messageID: transition.id, providerMessageID: providerID, status: current), at: now,
                settings: settings, connection: connection)
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

    /// The delivery statuses of the messages whose `column` equals `value`.
    private static func storedDeliveryStatuses(where column: String, is value: String, connection: SQLiteConnection) throws(StoreError)
        -> [StoredDeliveryStatus]
    {
        let statement = try connection.statement(
            "SELECT id, provider_message_id, delivery_status FROM outbound_messages WHERE \(column) = ?1")
        statement.bind(1, value)
        defer { statement.reset() }
        var found: [StoredDeliveryStatus] = []
        while try statement.step() {
            found.append(
                StoredDeliveryStatus(
                    messageID: statement.string(0), providerMessageID: statement.optionalString(1) ?? "",
                    status: DeliveryStatus(rawValue: statement.string(2)) ?? .queued))
        }
        return found
    }

    /// Writes each message's new delivery status and the history lines of the reports that moved it.
    private static func save(_ changes: [OutboundStatusChange], connection: SQLiteConnection) throws(StoreError) {
        for change in changes {
            let update = try connection.statement("UPDATE outbound_messages SET delivery_status = ?2 WHERE id = ?1")
            update.bind(1, change.messageID)
            update.bind(2, change.status.rawValue)
            try update.step()
            for entry in change.history { try insertHistory(entry, messageID: change.messageID, connection: connection) }
        }
    }

    /// Provider status webhooks (the plan's status reports of the stored events): reads the delivery statuses of
    /// the messages with those provider ids (one indexed read per id) and writes what the reports change.
    /// Called inside the events' append transaction; the reports end the messages' holds there too.
    static func applyStatusReports(
        _ reports: [ProviderStatusReport], at: Timestamp, settings: LedgerStoreSettings, connection: SQLiteConnection
    ) throws(StoreError) {
        guard !reports.isEmpty else { return }
        var messages: [StoredDeliveryStatus] = []
        for providerID in Set(reports.map(\.providerMessageID)).sorted() {
            messages += try storedDeliveryStatuses(where: "provider_message_id", is: providerID, connection: connection)
        }
        try save(OutboundStatusChange.changes(applying: reports, to: messages), connection: connection)
        try resolveHolds(reporting: reports, to: messages, at: at, settings: settings, connection: connection)
    }

    /// Stored status events for a provider message id, oldest first (served by `events_status_by_message`).
    static let storedStatusesSQL = "SELECT json FROM events WHERE provider_message_id = ?1 AND kind = 'status' ORDER BY seq"

    /// Statuses that arrived before the send was recorded (a fast provider): applied once the provider id is known.
    private static func applyStoredStatuses(
        to message: StoredDeliveryStatus, at: Timestamp, settings: LedgerStoreSettings, connection: SQLiteConnection
    ) throws(StoreError) {
        let statement = try connection.statement(storedStatusesSQL)
        statement.bind(1, message.providerMessageID)
        var found: [ProviderStatusReport] = []
        while try statement.step() {
            if let report = ProviderStatusReport(storedEventJSON: statement.string(0), providerMessageID: message.providerMessageID) {
                found.append(report)
            }
        }
        statement.reset()
        try save(OutboundStatusChange.changes(applying: found, to: [message]), connection: connection)
        try resolveHolds(reporting: found, to: [message], at: at, settings: settings, connection: connection)
    }
}
