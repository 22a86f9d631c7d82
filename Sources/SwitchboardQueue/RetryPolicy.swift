/// When to try a failed send again: exponential back-off with full jitter, a cap, a maximum number of
/// attempts, and the provider's own "retry after" honoured as a floor.
///
/// Attempt `n` (1-based) that failed waits a uniformly random time in `0...min(maxDelay, baseDelay * 2^(n-1))`
/// ("full jitter"), or the provider's retry-after when that is longer. The random source is injected, so
/// tests and simulations are deterministic.
public struct RetryPolicy: Sendable, Hashable {
    /// Sends tried before the message is dead-lettered (the first send counts).
    public var maxAttempts: Int
    /// The back-off ceiling after the first failure.
    public var baseDelay: Duration
    /// The largest back-off ceiling.
    public var maxDelay: Duration

    public init(maxAttempts: Int = 8, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Whether a message whose `attempt`-th send failed temporarily may be tried again.
    public func allowsRetry(afterAttempt attempt: Int) -> Bool { attempt < maxAttempts }

    /// The back-off ceiling after the `attempt`-th send failed.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        var ceiling = baseDelay
        var step = 1
        while step < attempt, ceiling < maxDelay {
            ceiling = ceiling * 2
            step += 1
        }
        return ceiling < maxDelay ? ceiling : maxDelay
    }

    /// How long to wait after the `attempt`-th send failed; never less than `retryAfter`.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, using random: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterAttempt: attempt)
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        let jittered = Duration.nanoseconds(Int64.random(in: 0...max(0, nanoseconds), using: &random))
        guard let retryAfter, retryAfter > jittered else { return jittered }
        return retryAfter
    }
}
