import SwitchboardCore
public import SwitchboardQueue

/// The outbound send queue: what the send API queues and reads, on top of what the dispatcher works on
/// (``OutboundQueueStore``: due messages, leases taken back, compare-and-set transitions).
public protocol SendQueue: OutboundQueueStore {
    /// Queues a message, or returns the message this API key already queued with the same idempotency
    /// key (with whether the request body was the same). Concurrent identical requests store one message.
    func enqueueOutbound(_ new: NewOutboundMessage) async throws(StoreError) -> EnqueueOutcome

    /// The message with `id`, or `nil`.
    func outboundMessage(id: String) async throws(StoreError) -> OutboundRecord?

    /// The message an API key queued with an idempotency key, with its request hash, or `nil`.
    func outboundMessage(apiKeyID: String, idempotencyKey: String) async throws(StoreError) -> (OutboundRecord, String)?

    /// The status history of a message, oldest first.
    func outboundHistory(id: String) async throws(StoreError) -> [OutboundHistoryEntry]

    /// The send attempts of a message as the dispatcher stored them before each request left, oldest first
    /// (``OutboundAttemptStart/abandoned(in:)`` finds those whose outcome was never recorded).
    func outboundAttempts(id: String) async throws(StoreError) -> [OutboundAttemptStart]

    /// What the store knows about the contacts of the account behind `conversation`
    /// (`channel:account:contact`), counting business-initiated messages since `since`.
    func outboundAccountFacts(conversation: String, since: Timestamp) async throws(StoreError) -> OutboundAccountFacts

    /// Messages in `state` (`failed` and `dead` are indexed for this), newest first: at most `limit`, only those
    /// queued before the message with sequence `before` when given, and only on `connections` unless it is empty.
    func outboundMessages(state: OutboundQueueState, connections: Set<String>, limit: Int, before: Int64?) async throws(StoreError)
        -> [OutboundRecord]

    /// Messages per queue state: `queued`, `sending`, `retry_wait` and `dead` (dead letters not
    /// redriven); every state is present.
    func outboundQueueDepth() async throws(StoreError) -> [OutboundQueueState: Int]

    /// Registers `wake`, called when ANOTHER process queued a message or moved one so that work may be
    /// due (the gateway passes its dispatcher's `wake()`). This process's own writes do not call it: the
    /// agent API wakes the dispatcher itself. A one-process store never calls it.
    func observeOutboundChanges(_ wake: @escaping @Sendable () -> Void)

    /// Where the dispatcher keeps its rate limits: this process's memory for a one-process store (the default),
    /// the database for a store several processes share (``RateLimitStore``).
    func makeRateLimitStore() -> any RateLimitStore
}

extension SendQueue {
    public func makeRateLimitStore() -> any RateLimitStore { LocalRateLimitStore() }
}
