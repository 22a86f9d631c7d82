import PostgresNIO
import SwitchboardCore
import SwitchboardStore

/// The subscriber delivery outbox, shared by every node.
extension PostgresEventStore {
    /// Claims deliveries that may be attempted now, as SQLite's `dueDeliveries` picks them (the oldest
    /// pending one of each subscriber and conversation, when due), and leases them to this node.
    ///
    /// Safe for several processes: the due rows are locked with `FOR UPDATE SKIP LOCKED` (a row another
    /// node is claiming right now is skipped, not waited for) and, in the same statement, their next
    /// attempt is pushed `claimLeaseMilliseconds` into the future. Until ``complete(_:)`` records the
    /// outcome, or the lease runs out (the claiming node died), no other call returns them; the claimed
    /// row stays pending, so later deliveries of its conversation keep waiting behind it.
    public func dueDeliveries(now: Timestamp, limit: Int) async throws(StoreError) -> [PendingDelivery] {
        let leaseEnd = now.milliseconds + configuration.claimLeaseMilliseconds
        let rows = try await fetch(
            """
            WITH due AS (
                SELECT d.id FROM deliveries d
                WHERE d.state = 'pending' AND d.next_attempt_at <= \(now.milliseconds)
                  AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.state = 'pending' AND p.subscriber = d.subscriber
                                  AND p.conversation = d.conversation AND p.id < d.id)
                ORDER BY d.id LIMIT \(limit)
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE deliveries SET next_attempt_at = \(leaseEnd)
            FROM due, events e
            WHERE deliveries.id = due.id AND e.seq = deliveries.event_seq
            RETURNING deliveries.id, deliveries.subscriber, deliveries.conversation, deliveries.attempts,
                      deliveries.created_at, e.id, e.json
            """, doing: "dueDeliveries")
        let claimed = try decode("dueDeliveries") {
            try rows.map { row in
                let (id, subscriber, conversation, attempts, createdAt, eventID, json) = try row.decode(
                    (Int64, String, String, Int, Int64, String, String).self)
                return PendingDelivery(
                    id: id, subscriber: subscriber, conversation: conversation, eventID: eventID, json: json, attempts: attempts,
                    createdAt: Timestamp(milliseconds: createdAt))
            }
        }
        return claimed.sorted { $0.id < $1.id }
    }

    public func complete(_ results: [DeliveryResult]) async throws(StoreError) {
        guard !results.isEmpty else { return }
        let logger = self.logger
        try await transaction("complete") { connection in
            for result in results {
                switch result.outcome {
                case .delivered:
                    try await connection.query(
                        """
                        UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = \(result.at.milliseconds),
                            last_error = NULL
                        WHERE id = \(result.deliveryID)
                        """, logger: logger)
                case .retry(let next, let error):
                    let message = String(error.prefix(500))
                    try await connection.query(
                        """
                        UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = \(next.milliseconds), last_error = \(message)
                        WHERE id = \(result.deliveryID)
                        """, logger: logger)
                }
            }
        }
    }

    public func deliveryBacklog(now: Timestamp) async throws(StoreError) -> DeliveryBacklog {
        let rows = try await fetch("SELECT COUNT(*), MIN(created_at) FROM deliveries WHERE state = 'pending'", doing: "deliveryBacklog")
        return try decode("deliveryBacklog") {
            guard let row = rows.first else { return DeliveryBacklog(pending: 0, oldestAgeMilliseconds: 0) }
            let (pending, oldest) = try row.decode((Int, Int64?).self)
            return DeliveryBacklog(pending: pending, oldestAgeMilliseconds: oldest.map { max(0, now.milliseconds - $0) } ?? 0)
        }
    }
}
