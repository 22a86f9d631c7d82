/// The rate limiter's state for one process: a ``TokenBucket`` per ``RateCell`` key.
///
/// A message proceeds only when every cell it takes from (its connection's, its recipient's) allows it; then each
/// takes a token. Otherwise nothing is taken and the answer is the latest of the cells' instants. A value type
/// generic over the clock, with no I/O: ``LocalRateLimitStore`` holds one for a single gateway process, and the
/// PostgreSQL store runs the same algorithm in the database for several.
public struct RateLimiter<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    private var buckets: [String: TokenBucket<C>] = [:]

    public init() {}

    /// Asks to send one message that takes from `cells` (no cells: not limited).
    public mutating func acquire(_ cells: [RateCell], now: C.Instant) -> RateDecision<C.Instant> {
        var allowed = now
        var held: [TokenBucket<C>] = []
        for cell in cells {
            let bucket = bucket(for: cell)
            let earliest = bucket.earliest(now: now)
            if earliest > allowed { allowed = earliest }
            held.append(bucket)
        }
        if allowed > now { return .wait(until: allowed) }
        for (cell, var bucket) in zip(cells, held) {
            bucket.take(now: now)
            buckets[cell.key] = bucket
        }
        return .proceed
    }

    /// A provider said the cell must wait until `until` (HTTP 429 with Retry-After, WhatsApp 130429 for a
    /// connection; 131056 or Telegram's per-chat 429 for a recipient).
    public mutating func pause(_ cell: RateCell, until: C.Instant) {
        var bucket = bucket(for: cell)
        bucket.pause(until: until)
        buckets[cell.key] = bucket
    }

    /// Forgets buckets that are full again (call now and then to bound memory).
    public mutating func prune(now: C.Instant) {
        buckets = buckets.filter { !$0.value.isIdle(now: now) }
    }

    /// How many buckets are held.
    public var bucketCount: Int { buckets.count }

    /// The cell's bucket, new when there is none or its limit changed (a reloaded configuration).
    private func bucket(for cell: RateCell) -> TokenBucket<C> {
        if let bucket = buckets[cell.key], bucket.limit == cell.limit { return bucket }
        return TokenBucket(limit: cell.limit)
    }
}
