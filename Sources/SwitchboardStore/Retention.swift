import SwitchboardCore

/// What ``StoreMaintenance/prune(_:batchSize:)`` removes: rows older than each cutoff (`nil` keeps that kind
/// forever).
///
/// - `events`: events received before the cutoff, with their deliveries, unless a delivery of the event is
///   still pending (a subscriber that is down keeps its backlog). Conversation state is never removed: the
///   windows, opt-outs and quotas it holds do not depend on the events.
/// - `deliveries`: deliveries acknowledged by their subscriber before the cutoff (the event stays).
/// - `quarantine`: quarantined requests received before the cutoff.
/// - `outbound`: messages of the send queue that were `sent` or `failed` and neither queued nor changed since
///   the cutoff, with their status history (and a redriven dead letter's record). Active and dead messages
///   stay. Each pruned message's contact is first written to the conversations table if it is not there,
///   so the plan's contact count does not drop.
public struct RetentionCutoffs: Sendable, Hashable {
    public var events: Timestamp?
    public var deliveries: Timestamp?
    public var quarantine: Timestamp?
    public var outbound: Timestamp?

    public init(events: Timestamp? = nil, deliveries: Timestamp? = nil, quarantine: Timestamp? = nil, outbound: Timestamp? = nil) {
        self.events = events
        self.deliveries = deliveries
        self.quarantine = quarantine
        self.outbound = outbound
    }

    /// `true` when nothing would be removed.
    public var isEmpty: Bool { events == nil && deliveries == nil && quarantine == nil && outbound == nil }
}

/// Rows removed by one ``StoreMaintenance/prune(_:batchSize:)`` call.
public struct PruneCounts: Sendable, Hashable {
    public var events = 0
    /// Deliveries removed, with their event or on their own.
    public var deliveries = 0
    public var quarantined = 0
    /// Outbound messages removed (their history rows are not counted).
    public var outbound = 0

    public init(events: Int = 0, deliveries: Int = 0, quarantined: Int = 0, outbound: Int = 0) {
        self.events = events
        self.deliveries = deliveries
        self.quarantined = quarantined
        self.outbound = outbound
    }

    /// Adds the counts of one batch.
    public static func += (lhs: inout PruneCounts, rhs: PruneCounts) {
        lhs.events += rhs.events
        lhs.deliveries += rhs.deliveries
        lhs.quarantined += rhs.quarantined
        lhs.outbound += rhs.outbound
    }
}

/// The shape of a prune, shared by the stores: each table is swept in windows of its ascending key, from
/// its first row up to the last row whose time is before the cutoff (keys are assigned in time order, so
/// that row is found by binary search on the key, without an index on the time). Each window is one short
/// write, so webhooks keep being committed in between.
public enum RetentionSweep {
    /// The largest key in `range` whose row time is before `cutoff`, given `time(key)` (the time of the first
    /// row at or after `key`, `nil` past the end), or `nil` when even the first row is not before the cutoff.
    public static func boundary(
        in range: ClosedRange<Int64>, before cutoff: Int64, time: (Int64) async throws(StoreError) -> (key: Int64, time: Int64)?
    ) async throws(StoreError) -> Int64? {
        guard let first = try await time(range.lowerBound), first.time < cutoff else { return nil }
        var low = first.key  // a row before the cutoff
        var high = range.upperBound + 1  // no row at or after `high` is known to be before the cutoff
        while low + 1 < high {
            let middle = low + (high - low) / 2
            if let row = try await time(middle), row.key < high, row.time < cutoff {
                low = row.key
            } else {
                high = middle
            }
        }
        return low
    }

    /// Sweeps one table: finds the last row before `cutoff` (``boundary(in:before:time:)``), then calls `delete`
    /// for windows `(after, upTo]` of at most `size` keys up to it, each starting at the next row that still
    /// exists (rows a previous prune kept, such as events with pending deliveries, are skipped over quickly),
    /// with a pause after each three times as long as the window took.
    public static func sweep(
        before cutoff: Int64, size: Int, keys: (first: Int64, last: Int64)?,
        row: (Int64) async throws(StoreError) -> (key: Int64, time: Int64)?,
        delete: (_ after: Int64, _ upTo: Int64) async throws(StoreError) -> PruneCounts
    ) async throws(StoreError) -> PruneCounts {
        var counts = PruneCounts()
        guard let keys, let last = try await boundary(in: keys.first...keys.last, before: cutoff, time: row) else { return counts }
        let size = Int64(max(1, size))
        var next = keys.first
        while next <= last, !Task.isCancelled {  // shutdown stops a prune between windows
            guard let found = try await row(next), found.key <= last else { break }
            let upTo = min(found.key - 1 + size, last)
            let started = ContinuousClock.now
            counts += try await delete(found.key - 1, upTo)
            next = upTo + 1
            // Paced: after each window a pause three times as long as it took, so a large prune takes about a
            // quarter of the writer's time at most and the webhooks' commits never queue behind windows back to
            // back (measured: docs/operations.md "Retention").
            if next <= last { try? await Task.sleep(for: (ContinuousClock.now - started) * 3) }
        }
        return counts
    }
}
