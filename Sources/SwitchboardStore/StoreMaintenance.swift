/// What keeps a store running: retention pruning, the readiness probe, write statistics and closing
/// (the retention service, the store service, `/readyz` and `/metrics`).
public protocol StoreMaintenance: Sendable {
    /// Removes what ``RetentionCutoffs`` says is old enough, in writes of at most `batchSize` rows each (so
    /// webhooks keep being committed meanwhile), and returns how many rows went.
    func prune(_ cutoffs: RetentionCutoffs, batchSize: Int) async throws(StoreError) -> PruneCounts

    /// Checks that the store answers (for `/readyz`).
    func ping() async throws(StoreError)

    /// Transactions committed and write requests served, for stores that group-commit (SQLite);
    /// `nil` when the store does not count them.
    var writeCounts: (transactions: Int, requests: Int)? { get }

    /// Finishes pending writes and closes the store.
    func close() async
}
