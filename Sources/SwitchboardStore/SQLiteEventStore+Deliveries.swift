import SwitchboardCore

/// The subscriber delivery outbox. The store only persists what the router's state machine decided: the next
/// attempt's time, the dead letter, the redrive.
extension SQLiteEventStore {
    static let pending = DeliveryState.pending.rawValue
    static let dead = DeliveryState.dead.rawValue

    /// The oldest pending delivery of each (subscriber, conversation), when due. A later event of a
    /// conversation waits until every earlier one to the same subscriber is delivered or dead. ?3 and ?4 are
    /// JSON arrays of the delivery ids and subscribers to leave out.
    static let dueSQL = """
        SELECT d.id, d.subscriber, d.conversation, d.attempts, d.created_at, e.id, e.json, d.redriven_at
        FROM deliveries d JOIN events e ON e.seq = d.event_seq
        WHERE d.state = '\(pending)' AND d.next_attempt_at <= ?1
          AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.state = '\(pending)' AND p.subscriber = d.subscriber
                          AND p.conversation = d.conversation AND p.id < d.id)
          AND (json_array_length(?3) = 0 OR d.id NOT IN (SELECT value FROM json_each(?3)))
          AND (json_array_length(?4) = 0 OR d.subscriber NOT IN (SELECT value FROM json_each(?4)))
        ORDER BY d.id LIMIT ?2
        """

    public func dueDeliveries(now: Timestamp, limit: Int, excluding: Set<Int64>, excludingSubscribers: Set<String>)
        async throws(StoreError) -> [PendingDelivery]
    {
        let ids = excluding.isEmpty ? "[]" : JSONValue.array(excluding.sorted().map { .number(String($0)) }).documentText
        let subscribers = JSONValue.sortedStringArrayText(excludingSubscribers)
        return try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(Self.dueSQL)
            statement.bind(1, now.milliseconds)
            statement.bind(2, limit)
            statement.bind(3, ids)
            statement.bind(4, subscribers)
            var due: [PendingDelivery] = []
            while try statement.step() {
                let createdAt = Timestamp(milliseconds: statement.int64(4))
                due.append(
                    PendingDelivery(
                        id: statement.int64(0), subscriber: statement.string(1), conversation: statement.string(2),
                        eventID: statement.string(5), json: statement.string(6), attempts: Int(statement.int64(3)),
                        createdAt: createdAt, retryingSince: statement.optionalInt64(7).map { Timestamp(milliseconds: $0) }))
            }
            return due
        }
    }

    public func complete(_ results: [DeliveryResult]) async throws(StoreError) {
        guard !results.isEmpty else { return }
        // Not urgent: delivery results are bookkeeping, the subscriber already has its answer.
        try await writer.perform(urgent: false) { connection throws(StoreError) in
            for result in results {
                switch result.outcome {
                case .delivered:
                    let statement = try connection.statement(
                        """
                        UPDATE deliveries SET state = '\(DeliveryState.delivered.rawValue)', attempts = attempts + 1, delivered_at = ?2,
                            last_error = NULL
                        WHERE id = ?1
                        """)
                    statement.bind(1, result.deliveryID)
                    statement.bind(2, result.at.milliseconds)
                    try statement.step()
                case .retry(let next, let error):
                    let statement = try connection.statement(
                        "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1")
                    statement.bind(1, result.deliveryID)
                    statement.bind(2, next.milliseconds)
                    statement.bind(3, String(error.prefix(500)))
                    try statement.step()
                case .dead(let reason, let error):
                    let statement = try connection.statement(
                        """
                        UPDATE deliveries SET state = '\(Self.dead)', attempts = attempts + 1, dead_at = ?2, dead_reason = ?3,
                            last_error = ?4
                        WHERE id = ?1
                        """)
                    statement.bind(1, result.deliveryID)
                    statement.bind(2, result.at.milliseconds)
                    statement.bind(3, String(reason.prefix(1000)))
                    statement.bind(4, String(error.prefix(500)))
                    try statement.step()
                }
            }
        }
    }

    public func deliveryBacklog(now: Timestamp) async throws(StoreError) -> DeliveryBacklog {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                "SELECT COUNT(*), MIN(created_at), (SELECT COUNT(*) FROM deliveries WHERE state = '\(Self.dead)') FROM deliveries WHERE state = '\(Self.pending)'"
            )
            try statement.step()
            let oldest = statement.optionalInt64(1)
            return DeliveryBacklog(
                pending: Int(statement.int64(0)), oldestAgeMilliseconds: oldest.map { max(0, now.milliseconds - $0) } ?? 0,
                dead: Int(statement.int64(2)))
        }
    }

    public func deadDeliveries(subscriber: String, limit: Int, before: Int64?) async throws(StoreError) -> [DeadDelivery] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                """
                SELECT d.id, d.conversation, e.id, d.attempts, d.created_at, d.dead_at, d.dead_reason, d.last_error
                FROM deliveries d JOIN events e ON e.seq = d.event_seq
                WHERE d.state = '\(Self.dead)' AND d.subscriber = ?1 AND d.id < ?2
                ORDER BY d.id DESC LIMIT ?3
                """)
            statement.bind(1, subscriber)
            statement.bind(2, before ?? .max)
            statement.bind(3, limit)
            var letters: [DeadDelivery] = []
            while try statement.step() {
                letters.append(
                    DeadDelivery(
                        id: statement.int64(0), subscriber: subscriber, conversation: statement.string(1), eventID: statement.string(2),
                        attempts: Int(statement.int64(3)), createdAt: Timestamp(milliseconds: statement.int64(4)),
                        deadAt: Timestamp(milliseconds: statement.optionalInt64(5) ?? 0), reason: statement.optionalString(6) ?? "",
                        lastError: statement.optionalString(7)))
            }
            return letters
        }
    }

    public func redriveDeliveries(subscriber: String, id: Int64?, now: Timestamp) async throws(StoreError) -> Int {
        try await writer.perform { connection throws(StoreError) in
            let statement = try connection.statement(
                """
                UPDATE deliveries SET state = '\(Self.pending)', attempts = 0, next_attempt_at = ?3, redriven_at = ?3, dead_at = NULL,
                    dead_reason = NULL
                WHERE state = '\(Self.dead)' AND subscriber = ?1 AND (?2 IS NULL OR id = ?2)
                """)
            statement.bind(1, subscriber)
            statement.bind(2, id)
            statement.bind(3, now.milliseconds)
            try statement.step()
            return connection.changes
        }
    }

    /// Delivery rows of an event, for tests and inspection: `(subscriber, state, attempts)`.
    public func deliveries(eventID: String) async throws(StoreError) -> [(subscriber: String, state: String, attempts: Int)] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                "SELECT d.subscriber, d.state, d.attempts FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE e.id = ?1 ORDER BY d.subscriber"
            )
            statement.bind(1, eventID)
            var rows: [(String, String, Int)] = []
            while try statement.step() { rows.append((statement.string(0), statement.string(1), Int(statement.int64(2)))) }
            return rows
        }
    }
}
