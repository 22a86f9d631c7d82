/// What an ``OutboxWorker`` runs: one outbox (the send queue, the subscriber deliveries) seen as due items that
/// are started one by one and persist their own outcome.
///
/// The worker owns the loop, the in-memory claims, the concurrency bound, the fair share and the wake-ups; the
/// workload owns the store, the attempt and its hooks (rate limits, pacing, lease expiry).
public protocol OutboxWorkload: Sendable {
    /// One due item as the store returns it.
    associatedtype Item: Sendable
    /// Its stable id (what the worker keeps claimed in memory while the item is worked on).
    associatedtype ID: Hashable & Sendable

    func id(of item: Item) -> ID

    /// The share an item's attempts count against (a subscriber); `nil` for none. With
    /// ``OutboxWorkerSettings/perShare`` set, at most that many items of one share are in flight at once.
    func share(of item: Item) -> String?

    /// Items that may be worked on at `now`, oldest first, at most `limit`: never one of `claims.ids` (in flight
    /// here), nor one of a share in `claims.fullShares` (at its cap).
    func due(now: WallClock.Instant, limit: Int, claims: OutboxClaims<ID>) async throws -> OutboxDue<Item>

    /// Decides what to do with a due item now (it may ask a shared rate limiter). `.run`'s body makes the attempt
    /// and persists its outcome; the item stays claimed until it returns.
    func start(_ item: Item, now: WallClock.Instant) async -> OutboxStart
}

extension OutboxWorkload {
    public func share(of item: Item) -> String? { nil }
}

/// What an ``OutboxWorker`` holds in memory: the items in flight and the shares at their cap.
public struct OutboxClaims<ID: Hashable & Sendable>: Sendable {
    public var ids: Set<ID>
    public var fullShares: Set<String>

    public init(ids: Set<ID> = [], fullShares: Set<String> = []) {
        self.ids = ids
        self.fullShares = fullShares
    }
}

/// The answer of ``OutboxWorkload/due(now:limit:claims:)``.
public struct OutboxDue<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The earliest instant another item becomes due (what to sleep until), or `nil` when none is known.
    public var nextDueAt: WallClock.Instant?

    public init(items: [Item], nextDueAt: WallClock.Instant? = nil) {
        self.items = items
        self.nextDueAt = nextDueAt
    }
}

/// What to do with one due item.
public enum OutboxStart: Sendable {
    /// Run `body` (the attempt and the persistence of its outcome) in the worker's task group.
    case run(@Sendable () async -> Void)
    /// Not before `until` (a rate limit): the worker wakes up by then.
    case wait(until: WallClock.Instant)
    /// Nothing to do for it now.
    case skip
}

/// How an ``OutboxWorker`` works.
public struct OutboxWorkerSettings: Sendable, Hashable {
    /// Items read per round.
    public var batchSize: Int
    /// Attempts in flight at once.
    public var concurrency: Int
    /// The most attempts of one share (subscriber) in flight at once; `nil` for no cap.
    public var perShare: Int?
    /// How often to look for due items when nothing signals.
    public var pollInterval: Duration

    public init(batchSize: Int, concurrency: Int, perShare: Int? = nil, pollInterval: Duration) {
        self.batchSize = max(1, batchSize)
        self.concurrency = max(1, concurrency)
        self.perShare = perShare.map { max(1, $0) }
        self.pollInterval = pollInterval
    }
}
