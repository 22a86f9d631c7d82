/// Token buckets for every connection and every (connection, recipient) pair.
///
/// A message proceeds only when both its connection's bucket and its pair's bucket allow it; then both
/// take a token. Otherwise nothing is taken and the answer is the later of the two instants. A value type
/// generic over the clock; the dispatcher owns one and asks it before each send.
public struct RateLimiter<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    private struct Pair: Hashable, Sendable {
        var connection: String
        var recipient: String
    }

    private var limits: [String: ConnectionRateLimits] = [:]
    private var connections: [String: TokenBucket<C>] = [:]
    private var pairs: [Pair: TokenBucket<C>] = [:]

    public init() {}

    /// Sets the limits of a connection (by its configured name); resets its buckets.
    public mutating func configure(connection: String, limits: ConnectionRateLimits) {
        self.limits[connection] = limits
        connections[connection] = TokenBucket(limit: limits.connection)
        pairs = pairs.filter { $0.key.connection != connection }
    }

    /// Asks to send one message on `connection` to `recipient` (`group`: a group chat, which has its own limit).
    /// A connection that was never configured is not limited.
    public mutating func acquire(connection: String, recipient: String, group: Bool = false, now: C.Instant) -> RateDecision<C.Instant> {
        guard let limits = limits[connection], var connectionBucket = connections[connection] else { return .proceed }
        let pair = Pair(connection: connection, recipient: recipient)
        let pairLimit = group ? (limits.perGroup ?? limits.perRecipient) : limits.perRecipient
        var pairBucket = pairLimit.map { pairs[pair] ?? TokenBucket<C>(limit: $0) }
        var allowed = connectionBucket.earliest(now: now)
        if let pairBucket {
            let pairAllowed = pairBucket.earliest(now: now)
            if pairAllowed > allowed { allowed = pairAllowed }
        }
        if allowed > now { return .wait(until: allowed) }
        connectionBucket.take(now: now)
        connections[connection] = connectionBucket
        if pairBucket != nil {
            pairBucket!.take(now: now)
            pairs[pair] = pairBucket
        }
        return .proceed
    }

    /// A provider said the whole connection must wait (HTTP 429 with Retry-After, WhatsApp 130429).
    public mutating func pause(connection: String, until: C.Instant) {
        connections[connection]?.pause(until: until)
    }

    /// A provider said this recipient must wait (WhatsApp pair rate 131056, Telegram per-chat 429).
    public mutating func pause(connection: String, recipient: String, group: Bool = false, until: C.Instant) {
        guard let limits = limits[connection] else { return }
        let limit = (group ? limits.perGroup : nil) ?? limits.perRecipient ?? limits.connection
        let pair = Pair(connection: connection, recipient: recipient)
        var bucket = pairs[pair] ?? TokenBucket<C>(limit: limit)
        bucket.pause(until: until)
        pairs[pair] = bucket
    }

    /// Forgets pair buckets that are full again (call now and then to bound memory).
    public mutating func prune(now: C.Instant) {
        pairs = pairs.filter { !$0.value.isIdle(now: now) }
    }

    /// How many pair buckets are held.
    public var pairCount: Int { pairs.count }
}
