import AdapterKit
import Foundation
import Hummingbird
import NIOCore
import SwitchboardStore

/// `GET /metrics`: the Prometheus exposition, with the store's write counts, the send queue's depth and the open
/// connections read at scrape time. Served on the metrics listener (``MetricsListener``) and, behind the
/// `metrics_token` bearer token, on the main port (``MetricsTokenGate``).
struct MetricsEndpoint: Sendable {
    let store: any StoreMaintenance & SendQueue
    let metrics: GatewayMetrics
    let connections: ConnectionLimiter

    /// The exposition, with the gauges read now.
    func scrape() async -> Response {
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

/// Who may read `/metrics` on the internet-facing port: only a request with `Authorization: Bearer <metrics_token>`
/// (compared in constant time). Without the header the answer is the same 404 as for any unknown path, so a
/// scanner learns nothing; with another token it is 401.
struct MetricsTokenGate: Sendable {
    let token: Secret

    enum Verdict: Equatable {
        case allowed
        case notFound
        case unauthorized
    }

    /// The verdict for an `Authorization` header value (`nil` when absent).
    func verdict(authorization: String?) -> Verdict {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return .notFound }
        let presented = Array(authorization.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.value.utf8)
        guard !expected.isEmpty, Signature.constantTimeEquals(expected, presented) else { return .unauthorized }
        return .allowed
    }
}
