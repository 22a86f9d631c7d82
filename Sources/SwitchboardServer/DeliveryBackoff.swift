/// When to retry a delivery: exponential backoff from an initial delay, doubled per failed attempt,
/// capped. Pure, so it is tested without clocks.
public struct DeliveryBackoff: Sendable, Hashable {
    public var initialMilliseconds: Int64
    public var maxMilliseconds: Int64

    public init(initialMilliseconds: Int64, maxMilliseconds: Int64) {
        self.initialMilliseconds = initialMilliseconds
        self.maxMilliseconds = maxMilliseconds
    }

    /// The delay after the `attempts`-th failed attempt (1 = the first failure).
    public func delay(afterAttempts attempts: Int) -> Int64 {
        let exponent = max(0, min(attempts - 1, 40))
        let (scaled, overflow) = initialMilliseconds.multipliedReportingOverflow(by: Int64(1) << exponent)
        return overflow ? maxMilliseconds : min(maxMilliseconds, scaled)
    }
}
