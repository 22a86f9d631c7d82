import Foundation
import Metrics
import Prometheus
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// The gateway's metrics, through swift-metrics with a per-application Prometheus registry (so
/// tests can build several applications in one process), exposed at `/metrics`.
///
/// Labels are bounded: provider, outcome, subscriber name (from the configuration).
public struct GatewayMetrics: Sendable {
    /// The registry `/metrics` prints.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// The counters, made once per label set: creating a swift-metrics handle looks it up in
    /// the registry under a lock each time, which the webhook path paid on every request.
    private let counters = CounterCache()

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
            .milliseconds(500), .seconds(1), .seconds(5), .seconds(30), .seconds(60), .seconds(300), .seconds(3600),
        ]
        self.factory = factory
        // Present at 0 from the start, so a rate() over them works before the first close.
        for reason in ConnectionCloseReason.allCases {
            _ = counter("switchboard_http_connections_closed_total", [("reason", reason.rawValue)])
        }
        _ = counter("switchboard_http_accept_paused_total", [])
    }

    /// One webhook request answered: `outcome` is `accepted`, `duplicate`, `handshake`, `unauthorized`,
    /// `malformed`, `too_large`, `not_found`, `store_error`.
    public func webhookRequest(provider: String, outcome: String) {
        counter("switchboard_webhook_requests_total", [("provider", provider), ("outcome", outcome)]).increment()
    }

    /// Events newly stored (duplicates not counted).
    public func eventsStored(provider: String, count: Int) {
        guard count > 0 else { return }
        counter("switchboard_events_stored_total", [("provider", provider)]).increment(by: count)
    }

    /// Events skipped because they were already stored.
    public func duplicateEvents(provider: String, count: Int) {
        guard count > 0 else { return }
        counter("switchboard_events_duplicate_total", [("provider", provider)]).increment(by: count)
    }

    /// One quarantined request run through the adapters again: `stored` (it decoded; its events were stored) or
    /// `still_malformed`.
    public func quarantineReprocessed(provider: String, outcome: String) {
        counter("switchboard_quarantine_reprocessed_total", [("provider", provider), ("outcome", outcome)]).increment()
    }

    /// Rows removed by retention, by kind (`events`, `deliveries`, `quarantine`, `outbound`).
    public func pruned(_ counts: PruneCounts) {
        let kinds = [
            ("events", counts.events), ("deliveries", counts.deliveries), ("quarantine", counts.quarantined), ("outbound", counts.outbound),
        ]
        for (kind, count) in kinds where count > 0 {
            counter("switchboard_pruned_rows_total", [("kind", kind)]).increment(by: count)
        }
    }

    /// One delivery attempt to a subscriber: `delivered` or `failed`.
    public func deliveryAttempt(subscriber: String, outcome: String) {
        counter("switchboard_deliveries_total", [("subscriber", subscriber), ("outcome", outcome)]).increment()
    }

    /// Time from storing an event to its acknowledged delivery.
    public func deliveryLag(subscriber: String, milliseconds: Int64) {
        Timer(label: "switchboard_delivery_lag_seconds", dimensions: [("subscriber", subscriber)], factory: factory)
            .recordMilliseconds(milliseconds)
    }

    /// Pending deliveries, the age of the oldest one, and the dead (parked) ones.
    public func deliveryBacklog(pending: Int, oldestAgeMilliseconds: Int64, dead: Int = 0) {
        Gauge(label: "switchboard_delivery_queue_depth", factory: factory).record(pending)
        Gauge(label: "switchboard_deliveries_dead", factory: factory).record(dead)
        Gauge(label: "switchboard_delivery_oldest_pending_seconds", factory: factory).record(Double(oldestAgeMilliseconds) / 1000)
    }

    /// Store write transactions and the write requests they carried (group commit ratio).
    public func storeWrites(transactions: Int, requests: Int) {
        Gauge(label: "switchboard_store_transactions", factory: factory).record(transactions)
        Gauge(label: "switchboard_store_write_requests", factory: factory).record(requests)
    }

    /// One `POST /v1/messages` the policy decided: `outcome` is `accepted` (queued) or `refused` (422), `rule` the
    /// policy rule that decided (idempotent replays are not counted again).
    public func outboundDecision(connection: String, outcome: String, rule: String) {
        counter("switchboard_outbound_messages_total", [("connection", connection), ("outcome", outcome), ("rule", rule)]).increment()
    }

    /// One configuration reload (SIGHUP): `applied` or `refused` (the file had problems; the old settings stay).
    public func configurationReload(outcome: String) {
        counter("switchboard_config_reloads_total", [("outcome", outcome)]).increment()
    }

    /// One send attempt by the dispatcher: `sent`, `retry`, `failed` or `dead`; for `sent`, the time from queueing.
    public func outboundSend(connection: String, outcome: String, enqueueToSent: Duration?) {
        counter("switchboard_outbound_sends_total", [("connection", connection), ("outcome", outcome)]).increment()
        if let enqueueToSent {
            Timer(label: "switchboard_outbound_enqueue_to_sent_seconds", dimensions: [("connection", connection)], factory: factory)
                .recordNanoseconds(enqueueToSent.components.seconds * 1_000_000_000 + enqueueToSent.components.attoseconds / 1_000_000_000)
        }
    }

    /// Outbound messages per queue state (`queued`, `sending`, `retry_wait`, `dead`), refreshed on each scrape.
    public func outboundQueueDepth(_ depth: [OutboundQueueState: Int]) {
        for (state, count) in depth {
            Gauge(label: "switchboard_outbound_queue_depth", dimensions: [("state", state.rawValue)], factory: factory).record(count)
        }
    }

    /// A connection the server closed itself: idle, header or body timeout, or evicted at the connection limit.
    func httpConnectionClosed(reason: ConnectionCloseReason) {
        counter("switchboard_http_connections_closed_total", [("reason", reason.rawValue)]).increment()
    }

    /// Accepting paused: the connection limit reached with every connection busy.
    func httpAcceptPaused() {
        counter("switchboard_http_accept_paused_total", []).increment()
    }

    /// Open HTTP connections and their limit (refreshed on each scrape).
    public func httpConnections(open: Int, limit: Int) {
        Gauge(label: "switchboard_http_connections", factory: factory).record(open)
        Gauge(label: "switchboard_http_connections_limit", factory: factory).record(limit)
    }

    /// The counter `label` with these dimensions, made once and reused.
    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        counters.counter(label, dimensions) { Counter(label: label, dimensions: dimensions, factory: factory) }
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

/// Counter handles by metric name and label values.
private final class CounterCache: Sendable {
    private let counters = Locked([[String]: Metrics.Counter]())

    func counter(_ label: String, _ dimensions: [(String, String)], make: () -> Metrics.Counter) -> Metrics.Counter {
        let key = [label] + dimensions.map(\.1)
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = make()
            counters[key] = counter
            return counter
        }
    }
}
