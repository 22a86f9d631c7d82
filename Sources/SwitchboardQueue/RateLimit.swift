/// A published rate: `count` messages per `period`, with up to `burst` sent back to back.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    public var count: Int
    public var period: Duration
    /// How many may go at once before the spacing applies (at least 1).
    public var burst: Int

    public init(_ count: Int, per period: Duration = .seconds(1), burst: Int = 1) {
        precondition(count > 0 && period > .zero, "a rate limit needs a positive count and period")
        self.count = count
        self.period = period
        self.burst = max(1, burst)
    }

    /// The spacing between two messages at the sustained rate (`period / count`).
    public var interval: Duration { period / count }

    public var description: String { "\(count)/\(period) burst \(burst)" }

    /// This limit's share when `nodes` processes send through the same account, each with its own buckets:
    /// the same count over `nodes` times the period, and the burst divided (at least 1). Together the
    /// nodes never exceed the limit; each alone gets `1/nodes` of it.
    public func shared(by nodes: Int) -> RateLimit {
        guard nodes > 1 else { return self }
        return RateLimit(count, per: period * nodes, burst: max(1, burst / nodes))
    }
}
