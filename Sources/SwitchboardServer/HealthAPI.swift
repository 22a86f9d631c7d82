import AdapterKit
import Hummingbird
import NIOCore
import SwitchboardStore

/// `GET /healthz` (the process answers) and `GET /readyz` (the store answers: 503 otherwise) on the main port, and
/// `GET /metrics` there only behind `metrics_token` (``MetricsTokenGate``): without one configured the path is not
/// routed at all (404). The metrics listener (``MetricsListener``) serves `/metrics` without a token on its own
/// address.
struct HealthAPI: Sendable {
    let store: any StoreMaintenance & SendQueue
    let metrics: MetricsEndpoint
    /// Opens `/metrics` on this router to a bearer of this token; `nil` leaves it unrouted.
    let metricsToken: Secret?

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
        guard let metricsToken else { return }
        let gate = MetricsTokenGate(token: metricsToken)
        let endpoint = metrics
        // Without the header: the answer the router gives any path it does not know.
        router.get("metrics") { request, _ -> Response in
            switch gate.verdict(authorization: request.headers[.authorization]) {
            case .allowed: return await endpoint.scrape()
            case .notFound: throw HTTPError(.notFound)
            case .unauthorized:
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
            }
        }
    }
}
