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
    /// row stays pending, so later deliveries of its conversation keep waiting behind it. A dead delivery no
    /// longer holds its conversation.
    public func dueDeliveries(now: Timestamp, limit: Int, excluding: Set<Int64>, excludingSubscribers: Set<String>)
        async throws(StoreError) -> [PendingDelivery]
    {
        let leaseEnd = now.milliseconds + configuration.claimLeaseMilliseconds
        let (ids, subscribers) = (excluding.sorted(), excludingSubscribers.sorted())
        let rows = try await fetch(
            """
            WITH due AS (
                SELECT d.id FROM deliveries d
                WHERE d.state = 'pending' AND d.next_attempt_at <= \(now.milliseconds)
                  AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.state = 'pending' AND p.subscriber = d.subscriber
                                  AND p.conversation = d.conversation AND p.id < d.id)
                  AND NOT (d.id = ANY(\(ids)::bigint[])) AND NOT (d.subscriber = ANY(\(subscribers)::text[]))
                ORDER BY d.id LIMIT \(limit)
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE deliveries SET next_attempt_at = \(leaseEnd)
            FROM due, events e
            WHERE deliveries.id = due.id AND e.seq = deliveries.event_seq
            RETURNING deliveries.id, deliveries.subscriber, deliveries.conversation, deliveries.attempts,
                      deliveries.created_at, e.id, e.json, deliveries.redriven_at
            """, doing: "dueDeliveries")
        let claimed = try decode("dueDeliveries") {
            try rows.map { row in
                let (id, subscriber, conversation, attempts, createdAt, eventID, json, redrivenAt) = try row.decode(
                    (Int64, String, String, Int, Int64, String, String, Int64?).self)
                return PendingDelivery(
                    id: id, subscriber: subscriber, conversation: conversation, eventID: eventID, json: json, attempts: attempts,
                    createdAt: Timestamp(milliseconds: createdAt), retryingSince: redrivenAt.map { Timestamp(milliseconds: $0) })
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
                case .dead(let reason, let error):
                    let (reason, message) = (String(reason.prefix(1000)), String(error.prefix(500)))
                    try await connection.query(
                        """
                        UPDATE deliveries SET state = 'dead', attempts = attempts + 1, dead_at = \(result.at.milliseconds),
                            dead_reason = \(reason), last_error = \(message)
                        WHERE id = \(result.deliveryID)
                        """, logger: logger)
                }
            }
        }
    }

    public func deliveryBacklog(now: Timestamp) async throws(StoreError) -> DeliveryBacklog {
        let rows = try await fetch(
            """
            SELECT COUNT(*), MIN(created_at), (SELECT COUNT(*) FROM deliveries WHERE state = 'dead')
            FROM deliveries WHERE state = 'pending'
            """, doing: "deliveryBacklog")
        return try decode("deliveryBacklog") {
            guard let row = rows.first else { return DeliveryBacklog(pending: 0, oldestAgeMilliseconds: 0) }
            let (pending, oldest, dead) = try row.decode((Int, Int64?, Int).self)
            return DeliveryBacklog(pending: pending, oldestAgeMilliseconds: oldest.map { max(0, now.milliseconds - $0) } ?? 0, dead: dead)
        }
    }

    public func deadDeliveries(subscriber: String, limit: Int, before: Int64?) async throws(StoreError) -> [DeadDelivery] {
        let rows = try await fetch(
            """
            SELECT d.id, d.conversation, e.id, d.attempts, d.created_at, d.dead_at, d.dead_reason, d.last_error
            FROM deliveries d JOIN events e ON e.seq = d.event_seq
            WHERE d.state = 'dead' AND d.subscriber = \(subscriber) AND d.id < \(before ?? .max)
            ORDER BY d.id DESC LIMIT \(limit)
            """, doing: "deadDeliveries")
        return try decode("deadDeliveries") {
            try rows.map { row in
                let (id, conversation, eventID, attempts, createdAt, deadAt, reason, lastError) = try row.decode(
                    (Int64, String, String, Int, Int64, Int64?, String?, String?).self)
                return DeadDelivery(
                    id: id, subscriber: subscriber, conversation: conversation, eventID: eventID, attempts: attempts,
                    createdAt: Timestamp(milliseconds: createdAt), deadAt: Timestamp(milliseconds: deadAt ?? 0), reason: reason ?? "",
                    lastError: lastError)
            }
        }
    }

    public func redriveDeliveries(subscriber: String, id: Int64?, now: Timestamp) async throws(StoreError) -> Int {
        let rows = try await fetch(
            """
            UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = \(now.milliseconds),
                redriven_at = \(now.milliseconds), dead_at = NULL, dead_reason = NULL
            WHERE state = 'dead' AND subscriber = \(subscriber) AND (\(id)::bigint IS NULL OR id = \(id)::bigint)
            RETURNING id
            """, doing: "redriveDeliveries")
        let count = rows.count
        if count > 0 {
            changes.signal()
            notifier.markChanged(events: true)
        }
        return count
    }
}
