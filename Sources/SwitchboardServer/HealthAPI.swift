import Hummingbird
import NIOCore
import SwitchboardStore

/// `GET /healthz` (the process answers), `GET /readyz` (the store answers: 503 otherwise) and `GET /metrics`
/// (the Prometheus exposition, with the store's write counts, the send queue's depth and the open connections
/// read at scrape time).
struct HealthAPI: Sendable {
    let store: any StoreMaintenance & SendQueue
    let metrics: GatewayMetrics
    let connections: ConnectionLimiter

    func register(on router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in Response.text(.ok, "ok") }
        router.get("readyz") { _, _ -> Response in
            do {
                try await store.ping()
                return .text(.ok, "ready")
            } catch {
                return .text(.serviceUnavailable, "store unreachable: \(error)")
            }
        }
        router.get("metrics") { _, _ -> Response in
            if let statistics = store.writeCounts {
                metrics.storeWrites(transactions: statistics.transactions, requests: statistics.requests)
            }
            if let depth = try? await store.outboundQueueDepth() { metrics.outboundQueueDepth(depth) }
            metrics.httpConnections(open: connections.openConnections, limit: connections.capacity)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }
}
