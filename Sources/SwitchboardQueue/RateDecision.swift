/// What a rate limiter says about sending now.
public enum RateDecision<Instant: InstantProtocol>: Sendable, Hashable where Instant: Sendable {
    /// Send now (the token was taken).
    case proceed
    /// Do not send before `until`; nothing was taken, ask again then.
    case wait(until: Instant)
}
