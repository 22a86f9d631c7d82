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
    /// How many gateway processes dispatch for the same connections (several nodes on one PostgreSQL
    /// store). Each dispatcher keeps its own token buckets, so each is held to `1/nodes` of every rate
    /// limit: together they never exceed what the provider allows.
    public var nodes: Int
    /// How many times the outcome of a send is written before the store is taken to refuse it (at least 1;
    /// the writes back off from 50 ms to 2 s). The message then ends `dead` with the store's error as the
    /// reason, so it is neither sent again nor left `queued` or `sending`.
    public var persistAttempts: Int

    public init(
        batchSize: Int = 64, concurrency: Int = 64, pollInterval: Duration = .milliseconds(500), lease: Duration = .seconds(30),
        retryPolicy: RetryPolicy = RetryPolicy(), rateLimits: RateLimits = RateLimits(),
        connectionLimits: [String: ConnectionRateLimits] = [:], transport: TransportOptions = TransportOptions(timeout: .seconds(20)),
        nodes: Int = 1, persistAttempts: Int = 20
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
    }
}
