import SwitchboardCore

/// Where the ``Dispatcher``'s rate limits live: in this process (``LocalRateLimitStore``, for the one SQLite
/// process), or in the database every gateway process shares (the PostgreSQL store's), so that several nodes
/// together stay within each provider limit and a node that stops takes no share of it with it.
///
/// Both answer the same question the same way (the generic cell-rate algorithm of ``TokenBucket`` per
/// ``RateCell`` key): may one message that takes from these cells go now, and if not, when to ask again.
public protocol RateLimitStore: Sendable {
    /// Whether other processes take from the same cells. The dispatcher then widens every limit by
    /// ``DispatcherSettings/rateLimitMargin`` (the jitter between a grant here and the arrival at the provider).
    var isShared: Bool { get }

    /// Takes one message from every cell, or from none: `.proceed`, or `.wait(until:)` (on this process's clock)
    /// with nothing taken. No cells: `.proceed`.
    func acquire(_ cells: [RateCell], now: WallClock.Instant) async throws -> RateDecision<WallClock.Instant>

    /// Nothing takes from `cell` before `until` (a provider's pause), and its burst is empty then.
    func pause(_ cell: RateCell, until: WallClock.Instant, now: WallClock.Instant) async throws
}

/// The rate limits of one gateway process, in memory: a ``RateLimiter`` behind a lock, idle buckets pruned every
/// 4096 acquisitions.
public final class LocalRateLimitStore: RateLimitStore {
    private let state = Locked(State())

    private struct State {
        var limiter = RateLimiter<WallClock>()
        var sincePrune = 0
    }

    public init() {}

    public var isShared: Bool { false }

    public func acquire(_ cells: [RateCell], now: WallClock.Instant) -> RateDecision<WallClock.Instant> {
        guard !cells.isEmpty else { return .proceed }
        return state.withLock { state in
            state.sincePrune += 1
            if state.sincePrune >= 4096 {
                state.sincePrune = 0
                state.limiter.prune(now: now)
            }
            return state.limiter.acquire(cells, now: now)
        }
    }

    public func pause(_ cell: RateCell, until: WallClock.Instant, now: WallClock.Instant) {
        state.withLock { $0.limiter.pause(cell, until: until) }
    }

    /// How many buckets are held (for tests).
    public var bucketCount: Int { state.withLock { $0.limiter.bucketCount } }
}
