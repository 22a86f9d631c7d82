import SwitchboardCore
import SwitchboardQueue

extension SQLiteEventStore {
    /// Messages per queue state, for the `/metrics` queue-depth gauge: `queued`, `sending`, `retry_wait` (counted
    /// through the partial index of active messages) and `dead` (dead letters not redriven). Every state is present.
    public func outboundQueueDepth() async throws(StoreError) -> [OutboundQueueState: Int] {
        try readers.read { connection throws(StoreError) in
            var depth: [OutboundQueueState: Int] = [.queued: 0, .sending: 0, .retryWait: 0, .dead: 0]
            let active = try connection.statement(
                "SELECT state, COUNT(*) FROM outbound_messages INDEXED BY outbound_due "
                    + "WHERE state IN ('queued', 'sending', 'retry_wait') GROUP BY state")
            defer { active.reset() }
            while try active.step() {
                if let state = OutboundQueueState(rawValue: active.string(0)) { depth[state] = Int(active.int64(1)) }
            }
            let dead = try connection.statement("SELECT COUNT(*) FROM dead_letters WHERE redriven_at IS NULL")
            defer { dead.reset() }
            try dead.step()
            depth[.dead] = Int(dead.int64(0))
            return depth
        }
    }
}
