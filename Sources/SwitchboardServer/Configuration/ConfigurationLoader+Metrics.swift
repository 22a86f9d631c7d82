import AdapterKit
import Yams

/// `metrics_listen` and `metrics_token`: where `GET /metrics` is served (docs/operations.md "Metrics").
extension ConfigurationLoader {
    /// `metrics_listen: host:port | none` and `metrics_token: <secret>`.
    func readMetrics(_ top: [String: Node], walker: YAMLWalker, into configuration: inout GatewayConfiguration) {
        if let listen = walker.string(top["metrics_listen"], "metrics_listen") {
            if listen == "none" {
                configuration.metricsListen = nil
            } else if let address = Self.hostPort(listen) {
                configuration.metricsListen = ListenAddress(host: address.host, port: address.port)
            } else {
                walker.problem(top["metrics_listen"], "metrics_listen", "expected host:port (e.g. 127.0.0.1:9464) or none")
            }
        }
        if let text = walker.string(top["metrics_token"], "metrics_token") {
            switch secrets.resolve(text) {
            case .success(let token) where token.value.count >= 16:
                configuration.metricsToken = token
            case .success:
                walker.problem(top["metrics_token"], "metrics_token", "must be at least 16 characters (a random secret)")
            case .failure(let failure):
                walker.problem(top["metrics_token"], "metrics_token", failure.message)
            }
        }
    }
}
