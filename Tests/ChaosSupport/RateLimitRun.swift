import Foundation
import PostgresNIO
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardPostgres
import SwitchboardTransport
import TestSupport

/// How a ``RateLimitRun`` is driven: ``nodes`` `switchboard serve` processes on one fresh PostgreSQL schema, one
/// WhatsApp connection limited to ``limit`` sends per second (burst 1) and one per second per recipient, ``sends``
/// template sends queued through all nodes; after ``sharedPhase`` of sending one node is killed with SIGKILL and
/// the others are measured for ``afterKill`` (after one second to settle).
public struct RateLimitPlan: Sendable {
    public var postgresURL: String
    public var nodes = 3
    /// The connection's limit, per second (burst 1).
    public var limit = 20
    /// `dispatcher.rate_limit_margin_ms`.
    public var marginMilliseconds = 100
    public var sends = 320
    /// Every `hotEvery`-th send goes to one of three "hot" recipients (their pair limit is measured too).
    public var hotEvery = 10
    public var sharedPhase: Duration = .seconds(4)
    public var afterKill: Duration = .seconds(4)

    public init(postgresURL: String) {
        self.postgresURL = postgresURL
    }

    /// The rate the nodes aim at together: `limit` per (1 s + margin).
    public var effectiveRate: Double { Double(limit) / (1 + Double(marginMilliseconds) / 1000) }
}

/// What a ``RateLimitRun`` measured at the mock provider (arrival times of the sends).
public struct RateLimitReport: Sendable, CustomStringConvertible {
    public var limit = 0
    public var effectiveRate = 0.0
    public var nodes = 0
    public var arrivals = 0
    /// The most sends in any one-second sliding window, over the whole run.
    public var maxPerSecond = 0
    /// The most sends to one hot recipient in any one-second window (its pair limit is 1 per second).
    public var maxPerRecipientSecond = 0
    /// Sends per consecutive second while every node ran, from the first arrival to the kill.
    public var allNodes: [Int] = []
    /// The same after one node was killed (from one second after the kill).
    public var afterKill: [Int] = []
    /// How long the run took, start to stop.
    public var totalTime: Duration = .zero

    public static func mean(_ counts: [Int]) -> Double { counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count) }

    public var description: String {
        func format(_ value: Double) -> String { String(format: "%.1f", value) }
        return """
            limit \(limit)/s burst 1 (aimed at \(format(effectiveRate))/s with the margin), \(nodes) nodes, \(arrivals) sends arrived
              max in any 1 s window: \(maxPerSecond) (limit \(limit)); per hot recipient: \(maxPerRecipientSecond) (limit 1)
              \(nodes) nodes:   mean \(format(Self.mean(allNodes)))/s, per second \(allNodes)
              \(nodes - 1) nodes:   mean \(format(Self.mean(afterKill)))/s, per second \(afterKill) (after one killed with SIGKILL)
              run time: \(totalTime)
            """
    }
}

/// Provider rate limits shared by real `switchboard serve` processes through PostgreSQL, measured where a provider
/// measures them: the in-process ``MockProvider``'s arrival times (``RateLimitPlan``).
public enum RateLimitRun {
    static let apiKey = "rate-agent-key"
    static let account = "106540352242923"
    static let hotRecipients = ["16505570001", "16505570002", "16505570003"]

    public static func run(_ plan: RateLimitPlan, note: @escaping @Sendable (String) -> Void = { _ in }) async throws -> RateLimitReport {
        let started = ContinuousClock.now
        let mock = MockProvider(configuration: .init(maxRecordedRequests: 100_000))
        try await mock.start()
        let schema = "ratelimit_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let cluster = try GatewayCluster(nodes: plan.nodes) { _, port in
            yaml(port: port, plan: plan, schema: schema, mockURL: mock.baseURL ?? "")
        }
        let transport = CurlTransport()
        do {
            var report = try await measure(plan, cluster: cluster, mock: mock, transport: transport, note: note)
            report.totalTime = ContinuousClock.now - started
            _ = try? await cluster.stop()
            await cleanUp(plan, schema: schema, cluster: cluster, mock: mock, transport: transport)
            return report
        } catch {
            note(cluster.logs)
            await cleanUp(plan, schema: schema, cluster: cluster, mock: mock, transport: transport)
            throw error
        }
    }

    static func measure(
        _ plan: RateLimitPlan, cluster: GatewayCluster, mock: MockProvider, transport: CurlTransport,
        note: @escaping @Sendable (String) -> Void
    ) async throws -> RateLimitReport {
        try await cluster.start()
        note("\(plan.nodes) gateways ready on ports \(cluster.nodes.map(\.port))")
        let deadline = ContinuousClock.now + .seconds(60)
        // Queued through every node, 16 at a time; the dispatchers start sending meanwhile, and are measured from when
        // every send is queued (a backlog of most of them).
        let next = Locked(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    while let index = next.withLock({ value -> Int? in
                        guard value < plan.sends else { return nil }
                        defer { value += 1 }
                        return value
                    }) {
                        try await enqueue(index, plan: plan, cluster: cluster, transport: transport, deadline: deadline)
                    }
                }
            }
            try await group.waitForAll()
        }
        let first = Date()
        note("\(plan.sends) sends queued; \(sendArrivals(mock).count) sent meanwhile")
        try await sleep(until: first.addingTimeInterval(seconds(plan.sharedPhase)))
        let killed = cluster.nodes[0]
        try killed.kill()
        let killedAt = Date()
        note("killed node 0 with SIGKILL")
        let settle = killedAt.addingTimeInterval(1)
        let end = settle.addingTimeInterval(seconds(plan.afterKill))
        try await sleep(until: end.addingTimeInterval(0.05))

        let arrivals = sendArrivals(mock)
        var report = RateLimitReport()
        report.limit = plan.limit
        report.effectiveRate = plan.effectiveRate
        report.nodes = plan.nodes
        report.arrivals = arrivals.count
        report.maxPerSecond = ArrivalWindows.maximum(arrivals.map(\.receivedAt), window: .seconds(1))
        report.maxPerRecipientSecond =
            hotRecipients.map { hot in
                ArrivalWindows.maximum(arrivals.filter { $0.recipient == hot }.map(\.receivedAt), window: .seconds(1))
            }.max() ?? 0
        report.allNodes = ArrivalWindows.counts(arrivals.map(\.receivedAt), from: first, to: killedAt, window: .seconds(1))
        report.afterKill = ArrivalWindows.counts(arrivals.map(\.receivedAt), from: settle, to: end, window: .seconds(1))
        return report
    }

    /// Queues send `index` through node `index % nodes`, the next node when one does not answer.
    static func enqueue(
        _ index: Int, plan: RateLimitPlan, cluster: GatewayCluster, transport: CurlTransport, deadline: ContinuousClock.Instant
    )
        async throws
    {
        let recipient = index % plan.hotEvery == 0 ? hotRecipients[(index / plan.hotEvery) % hotRecipients.count] : "1650558\(1000 + index)"
        let body = Array(
            #"{"conversation":"whatsapp:\#(account):\#(recipient)","content":{"type":"template","template":{"name":"promo","language":"en_US","components":[{"type":"body","parameters":[{"type":"text","text":"rate-\#(index)"}]}]}}}"#
                .utf8)
        var node = index
        while ContinuousClock.now < deadline {
            let target = cluster.nodes[node % cluster.nodes.count]
            node += 1
            let request = ProviderRequest(
                url: "\(target.baseURL)/v1/messages",
                headers: [
                    HTTPField(name: "Authorization", value: "Bearer \(apiKey)"), HTTPField(name: "Content-Type", value: "application/json"),
                    HTTPField(name: "Idempotency-Key", value: "rate-\(index)"),
                ],
                body: body)
            let response = try? await transport.send(request, options: TransportOptions(timeout: .seconds(10), connectTimeout: .seconds(1)))
            if let response, response.status == 202 || response.status == 200 { return }
            if let response, response.status < 500 && response.status != 429 {
                throw LoopbackError(
                    "send \(index) refused: \(response.status) \(String(decoding: response.body.prefix(300), as: UTF8.self))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LoopbackError("send \(index) was never accepted")
    }

    /// The sends the mock received (provider endpoints only), with their arrival times.
    static func sendArrivals(_ mock: MockProvider) -> [MockRecordedRequest] {
        mock.recordedRequests().filter { $0.family != nil && $0.method == "POST" }
    }

    static func sleep(until date: Date) async throws {
        let left = date.timeIntervalSinceNow
        if left > 0 { try await Task.sleep(for: .seconds(left)) }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func yaml(port: Int, plan: RateLimitPlan, schema: String, mockURL: String) -> String {
        """
        listen: 127.0.0.1:\(port)
        log_level: notice
        store:
          postgres:
            url: \(plan.postgresURL)
            schema: \(schema)
            claim_lease_ms: 10000
            max_connections: 4
        connections:
          - name: wa
            provider: meta
            channel: whatsapp
            account: "\(account)"
            secrets:
              app_secret: rate-app-secret
              access_token: rate-graph-token
            base_url: \(mockURL)
            outbound:
              templates:
                - name: promo
                  category: marketing
                  language: en_US
              rate_limit:
                connection: {count: \(plan.limit), period_ms: 1000, burst: 1}
                per_recipient: {count: 1, period_ms: 1000, burst: 1}
        api_keys:
          - key: \(apiKey)
        dispatcher:
          batch_size: 16
          poll_interval_ms: 200
          lease_ms: 10000
          timeout_ms: 2000
          connect_timeout_ms: 1000
          rate_limit_margin_ms: \(plan.marginMilliseconds)
        """
    }

    static func cleanUp(_ plan: RateLimitPlan, schema: String, cluster: GatewayCluster, mock: MockProvider, transport: CurlTransport) async
    {
        cluster.killAll()
        try? FileManager.default.removeItem(at: cluster.folder)
        await transport.shutdown()
        await mock.shutdown()
        await dropPostgresSchema(url: plan.postgresURL, schema: schema)
    }
}
