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

    /// This limit with `margin` added to its period: the same count and burst, spaced `margin / count` wider. A
    /// limiter shared by several processes enforces this, so that the jitter between a grant and the request's
    /// arrival at the provider (at most `margin`) cannot put more than `count` arrivals into one period there.
    public func widened(by margin: Duration) -> RateLimit {
        guard margin > .zero else { return self }
        return RateLimit(count, per: period + margin, burst: burst)
    }
}
