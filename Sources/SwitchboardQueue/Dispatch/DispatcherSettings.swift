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
    /// Per-provider limits (defaults: providers.md); ``connectionLimits`` overrides per connection name.
    public var rateLimits: RateLimits
    /// Limits for a named connection, replacing the provider default.
    public var connectionLimits: [String: ConnectionRateLimits]
    public var transport: TransportOptions
    /// How many gateway processes dispatch for the same connections (several nodes on one PostgreSQL
    /// store). Each dispatcher keeps its own token buckets, so each is held to `1/nodes` of every rate
    /// limit: together they never exceed what the provider allows.
    public var nodes: Int

    public init(
        batchSize: Int = 64, concurrency: Int = 64, pollInterval: Duration = .milliseconds(500), lease: Duration = .seconds(30),
        retryPolicy: RetryPolicy = RetryPolicy(), rateLimits: RateLimits = RateLimits(),
        connectionLimits: [String: ConnectionRateLimits] = [:], transport: TransportOptions = TransportOptions(timeout: .seconds(20)),
        nodes: Int = 1
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
    }
}
