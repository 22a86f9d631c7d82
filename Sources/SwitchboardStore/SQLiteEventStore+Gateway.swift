/// The SQLite store is everything `serve` needs: one process, so the outbound observer is never called
/// (the agent API wakes the dispatcher itself after each enqueue).
extension SQLiteEventStore: GatewayStore {
    public var writeCounts: (transactions: Int, requests: Int)? { writeStatistics }

    public func observeOutboundChanges(_ wake: @escaping @Sendable () -> Void) {}
}
