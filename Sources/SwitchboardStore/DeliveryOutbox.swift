import SwitchboardCore

/// The subscriber delivery outbox: the deliveries the event log's appends created, worked by the
/// subscriber router through the outbox state machine, with dead letters, redrive and redelivery.
public protocol DeliveryOutbox: Sendable {
    /// Signalled after a commit that may have made deliveries due (the subscriber router waits on it).
    /// A shared store also signals it when another process committed such a write.
    var changes: ChangeSignal { get }

    /// Deliveries that may be attempted now: for each subscriber and conversation only the oldest
    /// pending one (in-order delivery; a dead delivery no longer holds its conversation), and only when its next
    /// attempt is due, oldest first. Deliveries in `excluding` (being attempted by this process) are left out,
    /// their conversations with them, and so is every delivery to a subscriber in `excludingSubscribers` (at its
    /// share of the router's slots).
    ///
    /// A store shared by several processes claims what it returns (PostgreSQL: a lease until
    /// ``complete(_:)`` or the lease's end), so a caller must not expect a delivery it did not complete
    /// to come back at once; the embedded SQLite store (one process) returns it again.
    func dueDeliveries(now: Timestamp, limit: Int, excluding: Set<Int64>, excludingSubscribers: Set<String>)
        async throws(StoreError) -> [PendingDelivery]

    /// Records the outcome of delivery attempts, as the outbox state machine decided it.
    func complete(_ results: [DeliveryResult]) async throws(StoreError)

    /// Counts of pending and dead deliveries and the age of the oldest pending one.
    func deliveryBacklog(now: Timestamp) async throws(StoreError) -> DeliveryBacklog

    /// The dead (parked) deliveries of `subscriber`, newest first: at most `limit`, and only those older than the
    /// row `before` when given (a page of a listing).
    func deadDeliveries(subscriber: String, limit: Int, before: Int64?) async throws(StoreError) -> [DeadDelivery]

    /// Makes dead deliveries of `subscriber` pending again, due `now`, with no attempts and their age counted from
    /// `now`: the one with id `id`, or every one when `id` is `nil`. Returns how many.
    func redriveDeliveries(subscriber: String, id: Int64?, now: Timestamp) async throws(StoreError) -> Int

    /// Queues again, for `subscriber`, every stored event received at or after `since` that `filter` takes, in
    /// storage order: the subscriber's deliveries of the events from there on (pending or done) are replaced by
    /// fresh pending ones, due `now`, for the events the filter takes (pass the subscriber's own filter). For a
    /// subscriber that lost data on its side (a restore from backup, a bug). Returns how many; more than `limit`
    /// events is refused (`too_many_events`) and changes nothing.
    func redeliver(subscriber: String, filter: EventFilter, since: Timestamp, now: Timestamp, limit: Int) async throws(StoreError)
        -> Int
}

extension DeliveryOutbox {
    /// Due deliveries, none excluded.
    public func dueDeliveries(now: Timestamp, limit: Int) async throws(StoreError) -> [PendingDelivery] {
        try await dueDeliveries(now: now, limit: limit, excluding: [], excludingSubscribers: [])
    }
}
