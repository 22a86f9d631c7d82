import SwitchboardCore

/// The subscriber delivery outbox.
extension SQLiteEventStore {
    /// The oldest pending delivery of each (subscriber, conversation), when due. A later event of a
    /// conversation waits until every earlier one to the same subscriber is delivered.
    static let dueSQL = """
        SELECT d.id, d.subscriber, d.conversation, d.attempts, d.created_at, e.id, e.json
        FROM deliveries d JOIN events e ON e.seq = d.event_seq
        WHERE d.state = 'pending' AND d.next_attempt_at <= ?1
          AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.state = 'pending' AND p.subscriber = d.subscriber
                          AND p.conversation = d.conversation AND p.id < d.id)
        ORDER BY d.id LIMIT ?2
        """

    public func dueDeliveries(now: Timestamp, limit: Int) async throws(StoreError) -> [PendingDelivery] {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(Self.dueSQL)
            statement.bind(1, now.milliseconds)
            statement.bind(2, limit)
            var due: [PendingDelivery] = []
            while try statement.step() {
                due.append(
                    PendingDelivery(
                        id: statement.int64(0), subscriber: statement.string(1), conversation: statement.string(2),
                        eventID: statement.string(5), json: statement.string(6), attempts: Int(statement.int64(3)),
                        createdAt: Timestamp(milliseconds: statement.int64(4))))
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
                        "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = ?2, last_error = NULL WHERE id = ?1"
                    )
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
                }
            }
        }
    }

    public func deliveryBacklog(now: Timestamp) async throws(StoreError) -> DeliveryBacklog {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement(
                "SELECT COUNT(*), MIN(created_at) FROM deliveries WHERE state = 'pending'")
            try statement.step()
            let oldest = statement.optionalInt64(1)
            return DeliveryBacklog(
                pending: Int(statement.int64(0)), oldestAgeMilliseconds: oldest.map { max(0, now.milliseconds - $0) } ?? 0)
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
