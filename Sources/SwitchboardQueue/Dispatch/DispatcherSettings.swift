import SwitchboardTransport

/// How the ``Dispatcher`` works: batch size, concurrency, lease, retries, rate limits, transport options.
public struct DispatcherSettings: Sendable {
    /// Messages claimed per round.
    public var batchSize: Int
    /// Sends in flight at once.
    public var concurrency: Int
    /// How often to look for due retries when nothing signals.
    public var pollInterval: Duration
    /// How long a send may take before its message is considered abandoned (and retried).
    public var lease: Duration
    public var retryPolicy: RetryPolicy
    /// Per-provider limits (defaults: docs/providers.md); ``connectionLimits`` overrides per connection name.
    public var rateLimits: RateLimits
    /// Limits for a named connection, replacing the provider default.
    public var connectionLimits: [String: ConnectionRateLimits]
    public var transport: TransportOptions
    /// Accepted for older configurations and ignored: several nodes on one PostgreSQL store share every rate
    /// limit through the database (``RateLimitStore``), so nothing is divided by a node count. The dispatcher
    /// logs a notice at start when it is not 1.
    public var nodes: Int
    /// With a shared limiter (several nodes on PostgreSQL): how much every limit's period is widened
    /// (``RateLimit/widened(by:)``), to absorb the jitter between the database's grant and the request's arrival at
    /// the provider, so that no window of one period there holds more than the limit. 50 ms by default.
    public var rateLimitMargin: Duration
    /// How many times the outcome of a send is written before the store is taken to refuse it (at least 1;
    /// the writes back off from 50 ms to 2 s). The message then ends `dead` with the store's error as the
    /// reason, so it is neither sent again nor left `queued` or `sending`.
    public var persistAttempts: Int

    public init(
        batchSize: Int = 64, concurrency: Int = 64, pollInterval: Duration = .milliseconds(500), lease: Duration = .seconds(30),
        retryPolicy: RetryPolicy = RetryPolicy(), rateLimits: RateLimits = RateLimits(),
        connectionLimits: [String: ConnectionRateLimits] = [:], transport: TransportOptions = TransportOptions(timeout: .seconds(20)),
        nodes: Int = 1, persistAttempts: Int = 20, rateLimitMargin: Duration = .milliseconds(50)
    ) {
        self.batchSize = max(1, batchSize)
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.lease = lease
        self.retryPolicy = retryPolicy
        self.rateLimits = rateLimits
        self.connectionLimits = connectionLimits
        self.transport = transport
        self.nodes = max(1, nodes)
        self.persistAttempts = max(1, persistAttempts)
        self.rateLimitMargin = max(.zero, rateLimitMargin)
    }
}
