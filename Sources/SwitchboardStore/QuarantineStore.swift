import SwitchboardCore

/// Requests that could not be decoded, kept byte-exact for inspection and reprocessing
/// (`/v1/quarantine`, `switchboard quarantine`).
public protocol QuarantineStore: Sendable {
    /// Keeps a request that could not be decoded, byte-exact, for inspection.
    func quarantine(_ request: QuarantinedRequest) async throws(StoreError)

    /// Quarantined requests, newest first: at most `limit`, and only those older than the row `before` when given
    /// (a page of a listing). Each carries its ``QuarantinedRequest/id`` and ``QuarantinedRequest/bodyBytes``; the
    /// bodies themselves only with `bodies` (a listing of large bodies would otherwise read them all).
    func quarantined(limit: Int, before: Int64?, bodies: Bool) async throws(StoreError) -> [QuarantinedRequest]

    /// The quarantined request with `id`, or `nil`.
    func quarantinedRequest(id: Int64) async throws(StoreError) -> QuarantinedRequest?

    /// Records that the quarantined request `id` decoded when run again, into `events` events (stored by the
    /// caller through ``EventLog/append(_:receivedAt:)``). The row stays, for the record, until retention removes it.
    func markReprocessed(quarantineID id: Int64, at time: Timestamp, events: Int) async throws(StoreError)
}

extension QuarantineStore {
    /// The most recent quarantined requests, newest first.
    public func quarantined(limit: Int) async throws(StoreError) -> [QuarantinedRequest] {
        try await quarantined(limit: limit, before: nil, bodies: true)
    }
}
