/// A token bucket for one rate: `limit.count` per `limit.period`, bursts of `limit.burst`.
///
/// Implemented as the generic cell-rate algorithm (the token bucket's exact equivalent, with one instant of
/// state instead of a token count and a refill time): each message moves the "theoretical arrival time" one
/// interval ahead; a message may go while that time is at most `burst - 1` intervals ahead of now. All
/// arithmetic is on `Duration`, so spacing is exact (80/s gives 12.5 ms, not a rounded float).
/// A value type, generic over the clock; it never reads the clock itself.
public struct TokenBucket<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    public let limit: RateLimit
    private var theoreticalArrival: C.Instant?

    public init(limit: RateLimit) {
        self.limit = limit
    }

    private var tolerance: Duration { limit.interval * (limit.burst - 1) }

    /// The earliest instant at which a message may go.
    public func earliest(now: C.Instant) -> C.Instant {
        guard let theoreticalArrival else { return now }
        let allowed = theoreticalArrival.advanced(by: .zero - tolerance)
        return allowed > now ? allowed : now
    }

    /// Takes a token if one is available at `now`, or says when to ask again.
    public mutating func acquire(now: C.Instant) -> RateDecision<C.Instant> {
        let allowed = earliest(now: now)
        if allowed > now { return .wait(until: allowed) }
        take(now: now)
        return .proceed
    }

    /// Takes a token unconditionally (after ``earliest(now:)`` said yes).
    mutating func take(now: C.Instant) {
        let base = theoreticalArrival.map { $0 > now ? $0 : now } ?? now
        theoreticalArrival = base.advanced(by: limit.interval)
    }

    /// Blocks the bucket until `until` (a provider said "retry after"): nothing proceeds before then, and the
    /// burst is empty at that moment.
    public mutating func pause(until: C.Instant) {
        let blocked = until.advanced(by: tolerance)
        if let theoreticalArrival, theoreticalArrival >= blocked { return }
        theoreticalArrival = blocked
    }

    /// Whether the bucket is back to full at `now` (it can be forgotten).
    public func isIdle(now: C.Instant) -> Bool {
        guard let theoreticalArrival else { return true }
        return theoreticalArrival <= now
    }
}
