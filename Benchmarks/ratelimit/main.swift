import ChaosSupport
import Foundation
import PostgresNIO
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardQueue

// Provider rate limits shared by the nodes through PostgreSQL (docs/postgres.md "Rate limits"): the per-second
// maximum and mean at the mock provider with three nodes and with one killed, then the cost of one acquisition
// against the in-memory limiter. `swift build --build-tests`, then
// `SWITCHBOARD_TEST_POSTGRES_URL=postgres://… .build/debug/rate-limit-load [limit] [seconds per phase]`.
let arguments = CommandLine.arguments.dropFirst()
let limit = arguments.first.flatMap(Int.init) ?? 20
let phase = arguments.dropFirst().first.flatMap(Int.init) ?? 10
guard let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"], !url.isEmpty else {
    print("set SWITCHBOARD_TEST_POSTGRES_URL (scripts/postgres.sh prints one)")
    exit(2)
}

var plan = RateLimitPlan(postgresURL: url)
plan.limit = limit
plan.sharedPhase = .seconds(phase)
plan.afterKill = .seconds(phase)
// Enough for both phases, what the killed node held and what is sent while the sends are queued.
plan.sends = limit * (2 * phase + 12) + 100
for margin in [50, 100] {
    plan.marginMilliseconds = margin
    print("== shared limiter, dispatcher.rate_limit_margin_ms: \(margin)")
    let report = try await RateLimitRun.run(plan) { print("   \($0)") }
    print(report)
}

// The cost of one acquisition: one pair cell and the connection's, as the dispatcher asks for every send.
let count = 2_000
let cells = (0..<count).map {
    ConnectionRateLimits(connection: RateLimit(1_000_000), perRecipient: RateLimit(1)).cells(connection: "wa", recipient: "r\($0)")
}

let local = LocalRateLimitStore()
let localStart = ContinuousClock.now
for pair in cells { _ = local.acquire(pair, now: WallClock().now) }
let localTime = (ContinuousClock.now - localStart) / count

var configuration = try PostgresStoreConfiguration(url: url)
configuration.schema = "ratebench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
configuration.maximumConnections = 8
let store = try await PostgresEventStore(configuration: configuration)
let shared = store.makeRateLimitStore(lead: .zero, horizon: .zero)
var latencies: [Duration] = []
for pair in cells {
    let start = ContinuousClock.now
    _ = try await shared.acquire(pair, now: WallClock().now)
    latencies.append(ContinuousClock.now - start)
}
latencies.sort()
// Eight callers at once (as a node's tasks ask), on the one connection cell: the row lock serialises them.
let concurrentStart = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for caller in 0..<8 {
        group.addTask {
            for index in 0..<(count / 8) {
                _ = try await shared.acquire(
                    cells[caller * (count / 8) + index].map { RateCell(key: $0.key + "-c", limit: $0.limit) }, now: WallClock().now)
            }
        }
    }
    try await group.waitForAll()
}
let concurrentTime = ContinuousClock.now - concurrentStart
// A refused message whose wait is known: answered from memory, no round trip.
let blocked = RateCell.connection("blocked", limit: RateLimit(1, per: .seconds(3600)))
_ = try await shared.acquire([blocked], now: WallClock().now)
_ = try await shared.acquire([blocked], now: WallClock().now)
let cachedStart = ContinuousClock.now
for _ in 0..<count { _ = try await shared.acquire([blocked], now: WallClock().now) }
let cachedTime = (ContinuousClock.now - cachedStart) / count
await store.close()
let admin = PostgresClient(
    configuration: .init(
        host: configuration.host, port: configuration.port, username: configuration.username, password: configuration.password,
        database: configuration.database, tls: .disable))
let adminRun = Task { await admin.run() }
_ = try? await admin.query("DROP SCHEMA IF EXISTS \(unescaped: configuration.schema ?? "") CASCADE")
adminRun.cancel()
await adminRun.value

func micros(_ duration: Duration) -> String {
    String(format: "%.1f µs", Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12)
}
print("== cost of one acquisition (connection + pair cell, \(count) sends)")
print("in memory (one process):              \(micros(localTime))")
print(
    "PostgreSQL, one caller:               p50 \(micros(latencies[count / 2])), p99 \(micros(latencies[count * 99 / 100])), mean \(micros(latencies.reduce(.zero, +) / count)) (1 round trip each)"
)
print(
    "PostgreSQL, 8 callers on one cell:    \(String(format: "%.0f", Double(count) / (Double(concurrentTime.components.seconds) + Double(concurrentTime.components.attoseconds) / 1e18))) acquisitions/s"
)
print("PostgreSQL, refused with a known wait: \(micros(cachedTime)) (no round trip)")
exit(0)
