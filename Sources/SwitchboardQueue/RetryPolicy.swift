/// When to try a failed send or delivery again: exponential back-off with full jitter, a cap, a maximum number of
/// attempts, an optional give-up age, and the provider's (or subscriber's) own "retry after" honoured as a floor up
/// to the cap.
///
/// Attempt `n` (1-based) that failed waits a uniformly random time in `0...min(maxDelay, baseDelay * 2^(n-1))`
/// ("full jitter"), or the provider's retry-after when that is longer, but never more than `maxDelay`. The
/// random source is injected, so tests and simulations are deterministic.
///
/// Nothing here traps, whatever the provider said or the policy holds: a retry-after that is negative or NaN
/// counts as none, one that is huge or infinite is `maxDelay`, and negative delays count as zero.
public struct RetryPolicy: Sendable, Hashable {
    /// Sends tried before the message is dead-lettered (the first send counts).
    public var maxAttempts: Int
    /// The back-off ceiling after the first failure.
    public var baseDelay: Duration
    /// The largest back-off ceiling, and the longest a provider's retry-after is honoured.
    public var maxDelay: Duration
    /// How long after it was created (or redriven) an item that still fails is given up on, whatever its attempts;
    /// `nil` for no age limit. Subscriber deliveries use it (`delivery.give_up_after_ms`), with unlimited attempts.
    public var giveUpAfter: Duration?

    public init(
        maxAttempts: Int = 8, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300), giveUpAfter: Duration? = nil
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.giveUpAfter = giveUpAfter
    }

    /// Whether a message whose `attempt`-th send failed temporarily may be tried again.
    public func allowsRetry(afterAttempt attempt: Int) -> Bool { attempt < maxAttempts }

    /// The longest wait, never below zero.
    var cap: Duration { max(.zero, maxDelay) }

    /// A provider's retry-after in seconds as a duration in `0...maxDelay`, rounded up to the millisecond:
    /// negative, zero and NaN give zero; huge and infinite give `maxDelay`.
    public func retryAfter(seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        let milliseconds = (seconds * 1000).rounded(.up)
        // Past 9e15 ms (285 000 years) the value is "forever"; below it the conversion to Int64 cannot trap.
        guard milliseconds < 9e15 else { return cap }
        return min(.milliseconds(Int64(milliseconds)), cap)
    }

    /// The back-off ceiling after the `attempt`-th send failed.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let cap = cap
        var ceiling = max(.zero, baseDelay)
        var step = 1
        while step < attempt && ceiling > .zero && ceiling < cap {
            // Doubling past half the cap reaches it (and could overflow near the largest duration).
            ceiling = ceiling > cap / 2 ? cap : ceiling * 2
            step += 1
        }
        return min(ceiling, cap)
    }

    /// How long to wait after the `attempt`-th send failed; never less than `retryAfter`, never more than
    /// `maxDelay`.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, using random: inout some RandomNumberGenerator) -> Duration {
        let nanoseconds = ceiling(afterAttempt: attempt).clampedNanoseconds
        let jittered = Duration.nanoseconds(Int64.random(in: 0...nanoseconds, using: &random))
        guard let retryAfter, retryAfter > jittered else { return jittered }
        return min(retryAfter, cap)
    }
}

extension Duration {
    /// The duration in the largest whole unit that states it exactly (`72h`, `90s`, `1500ms`), for dead-letter reasons.
    var wholeDescription: String {
        let milliseconds = clampedMilliseconds
        for (unit, size) in [("h", Int64(3_600_000)), ("min", 60_000), ("s", 1000)] where milliseconds != 0 && milliseconds % size == 0 {
            return "\(milliseconds / size)\(unit)"
        }
        return "\(milliseconds)ms"
    }
}
