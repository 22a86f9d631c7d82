import Foundation
import SwitchboardServer
import TestSupport
import Testing

/// Reads `/metrics` the way Prometheus does: a plain HTTP GET on loopback, from the metrics listener or from the
/// main port with a bearer token.
enum MetricsScrape {
    /// A token long enough for `metrics_token`.
    static let token = "test-metrics-token-5f1d2c"

    /// `GET path` on `port`, with `Authorization: Bearer <bearer>` when given.
    static func get(port: Int, path: String = "/metrics", bearer: String? = nil) async throws -> RawHTTP.Response {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let bearer { request += "Authorization: Bearer \(bearer)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        let response = try await RawHTTP.onThread { () throws -> RawHTTP.Response? in
            let connection = try LoopbackConnection.connect(port: port)
            connection.write(bytes)
            return connection.readResponse()
        }
        guard let response else { throw ScrapeFailed(port: port) }
        return response
    }

    /// The port a gateway's metrics listener bound (waits until it has).
    static func listenerPort(_ listener: MetricsListener?) async throws -> Int {
        let listener = try #require(listener, "the gateway was built without its metrics listener")
        try await eventually("the metrics listener is bound (failure: \(listener.failure ?? "none"))") { listener.port != nil }
        return listener.port ?? 0
    }

    /// The exposition text from a gateway's metrics listener.
    static func text(_ listener: MetricsListener?) async throws -> String {
        try await get(port: try await listenerPort(listener)).body
    }

    struct ScrapeFailed: Error {
        var port: Int
    }
}
