/// What a rate limiter says about sending now.
public enum RateDecision<Instant: InstantProtocol>: Sendable, Hashable where Instant: Sendable {
    /// Send now (the token was taken).
    case proceed
    /// A slot a little ahead was taken (a shared limiter reserves up to its horizon ahead, so that the time a grant
    /// takes to reach a node is not lost to the rate): send at `at`, not before.
    case scheduled(at: Instant)
    /// Do not send before `until`; nothing was taken, ask again then.
    case wait(until: Instant)
}
