import Yams

/// The `limits:` section: request sizes, the connection cap and the connection timeouts.
extension ConfigurationLoader {
    static let limitsKeys: Set<String> = [
        "max_body_bytes", "max_events_per_request", "max_connections", "idle_timeout_ms", "header_timeout_ms", "body_timeout_ms",
        "body_total_timeout_ms", "max_api_body_bytes", "clock_skew_ms",
    ]

    /// `limits: {max_body_bytes, max_events_per_request, max_connections, idle_timeout_ms, header_timeout_ms, body_timeout_ms,
    /// body_total_timeout_ms, max_api_body_bytes, clock_skew_ms}`.
    func readLimits(_ node: Node, walker: YAMLWalker, into limits: inout Limits) {
        guard let members = walker.mapping(node, "limits", allowed: Self.limitsKeys) else { return }
        if let value = walker.int(members["max_body_bytes"], "limits.max_body_bytes", range: 1...(256 << 20)) {
            limits.maxBodyBytes = value
        }
        if let value = walker.int(members["max_api_body_bytes"], "limits.max_api_body_bytes", range: 1024...(256 << 20)) {
            limits.maxAPIBodyBytes = value
        }
        if let value = walker.int(members["max_events_per_request"], "limits.max_events_per_request", range: 1...1_000_000) {
            limits.maxEventsPerRequest = value
        }
        if let value = walker.int(members["clock_skew_ms"], "limits.clock_skew_ms", range: 0...3_600_000) {
            limits.clockSkewMilliseconds = Int64(value)
        }
        if let value = walker.int(members["max_connections"], "limits.max_connections", range: 1...1_048_576) {
            limits.maxConnections = value
        }
        if let value = walker.int(members["idle_timeout_ms"], "limits.idle_timeout_ms", range: 100...86_400_000) {
            limits.idleTimeoutMilliseconds = value
        }
        if let value = walker.int(members["header_timeout_ms"], "limits.header_timeout_ms", range: 100...3_600_000) {
            limits.headerTimeoutMilliseconds = value
        }
        if let value = walker.int(members["body_timeout_ms"], "limits.body_timeout_ms", range: 100...3_600_000) {
            limits.bodyTimeoutMilliseconds = value
        }
        if let value = walker.int(members["body_total_timeout_ms"], "limits.body_total_timeout_ms", range: 100...3_600_000) {
            limits.bodyTotalTimeoutMilliseconds = value
        }
    }
}
