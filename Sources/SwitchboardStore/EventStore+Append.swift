import SwitchboardCore

extension EventStore {
    /// Stores `records` in one durable step: the ``InboundPlan`` of the records received at `receivedAt`.
    public func append(_ records: [EventRecord], receivedAt: Timestamp) async throws(StoreError) -> AppendResult {
        try await append(InboundPlan(records: records, receivedAt: receivedAt))
    }
}
