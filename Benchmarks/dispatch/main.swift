import AdapterKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport

// dispatch-load [N] [wrk-seconds]: durable queue → Dispatcher → libcurl → mock provider (WhatsApp send endpoint).
// 1. peak: N messages queued up front, time until all are `sent` (store: SQLite WAL, synchronous=FULL).
// 2. raw: wrk against the same mock endpoint, same process, same run (printed for the ratio).
// 3. half peak: messages enqueued at half the measured peak rate while the dispatcher runs; enqueue-to-sent
//    latency from the history (p50, p99).
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5000
let wrkSeconds = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 5
// DISPATCH_LOAD_NIO_EXECUTOR=1: NIO's event loops run the tasks too (no hop between NIO's threads and the pool).
if ProcessInfo.processInfo.environment["DISPATCH_LOAD_NIO_EXECUTOR"] == "1" {
    print("global executor: NIO's event loops (\(NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()))")
}
var logger = Logger(label: "dispatch-load")
logger.logLevel = .error

let mock = MockProvider(configuration: .init(maxRecordedRequests: 0))
_ = try await mock.start()
let base = mock.baseURL!
let connection = ConnectionConfig(
    name: "wa", provider: .meta, channel: .whatsapp, account: "106540352242922", secrets: ["access_token": "bench-token"], baseURL: base)
let settings = DispatcherSettings(
    batchSize: 256, concurrency: 128, pollInterval: .milliseconds(100),
    connectionLimits: ["wa": ConnectionRateLimits(connection: RateLimit(1_000_000, burst: 1_000_000))])
// DISPATCH_LOAD_CONNECTIONS=N: libcurl's connections per host (default: the transport's own default).
let connectionsPerHost =
    Int(ProcessInfo.processInfo.environment["DISPATCH_LOAD_CONNECTIONS"] ?? "") ?? CurlTransport.Configuration().maxConnectionsPerHost
let transport = CurlTransport(
    configuration: .init(maxConnectionsPerHost: connectionsPerHost, maxCachedConnections: max(64, connectionsPerHost)))

// DISPATCH_LOAD_TRANSPORT_ONLY=1: only the transport phase (2b), N messages, for a profiler.
if ProcessInfo.processInfo.environment["DISPATCH_LOAD_TRANSPORT_ONLY"] == "1" {
    print(String(format: "libcurl transport alone: %.0f req/s", try await transportCeiling(count: count)))
    exit(0)
}

/// Each run's databases live under one folder, removed at the end.
let folder = NSTemporaryDirectory() + "dispatch-load-\(UUID().uuidString)"
defer { try? FileManager.default.removeItem(atPath: folder) }

func makeStore() throws -> SQLiteEventStore {
    try SQLiteEventStore(path: folder + "/\(UUID().uuidString).db")
}

func enqueue(_ store: SQLiteEventStore, _ index: Int, at: Timestamp) async throws -> String {
    let contact = "1555\(String(format: "%07d", index))"
    let message = OutboundMessage(
        channel: .whatsapp, account: connection.account, to: contact, content: MessageContent(type: .text, text: "bench \(index)"))
    let id = "msg_" + String(format: "%024x", index)
    _ = try await store.enqueueOutbound(
        NewOutboundMessage(
            id: id, connection: "wa", conversation: message.conversation, recipient: contact, apiKeyID: "bench", idempotencyKey: nil,
            requestHash: "\(index)", businessInitiated: false, message: message.json, decision: .null, createdAt: at))
    return id
}

func waitAllSent(_ store: SQLiteEventStore, _ ids: [String]) async throws {
    while true {
        if try await store.outboundMessage(id: ids.last!)?.state == .sent {
            var all = true
            for id in ids.reversed() where try await store.outboundMessage(id: id)?.state != .sent {
                all = false
                break
            }
            if all { return }
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

// 1. Peak.
let store = try makeStore()
var ids: [String] = []
await withTaskGroup(of: String?.self) { group in
    for index in 0..<count { group.addTask { try? await enqueue(store, index, at: Timestamp(Date())) } }
    for await id in group { if let id { ids.append(id) } }
}
ids.sort()
let dispatcher = Dispatcher(
    store: store, transport: transport, registry: StandardAdapters.registry, connections: [connection], settings: settings, logger: logger)
let cpuBefore = ThreadCPU.snapshot()
let start = ContinuousClock.now
let running = Task { try await dispatcher.run() }
try await waitAllSent(store, ids)
let elapsed = ContinuousClock.now - start
let cpuAfter = ThreadCPU.snapshot()
running.cancel()
_ = await running.result
let seconds = secondsIn(elapsed)
let peak = Double(count) / seconds
print(String(format: "peak dispatch: %d messages in %.2f s = %.0f msg/s (durable, synchronous=FULL)", count, seconds, peak))
let writes = store.writeStatistics
print(cpuAfter.report(since: cpuBefore, messages: count))
print("  store: \(writes.transactions) transactions for \(writes.requests) write requests (the enqueues included)")
// DISPATCH_LOAD_PEAK_ONLY=1: only the peak phase (1), for a profiler.
if ProcessInfo.processInfo.environment["DISPATCH_LOAD_PEAK_ONLY"] == "1" { exit(0) }

// 2. Raw: wrk against the same endpoint.
let body = #"{"messaging_product":"whatsapp","to":"15550000001","type":"text","text":{"body":"raw"}}"#
let script = NSTemporaryDirectory() + "dispatch-load.lua"
try """
wrk.method = "POST"
wrk.body = '\(body)'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-token"
""".write(toFile: script, atomically: true, encoding: .utf8)
let output = try runProcess("/usr/bin/wrk", ["-t2", "-c64", "-d\(wrkSeconds)s", "-s", script, "\(base)/v23.0/106540352242922/messages"])
    .output
let raw = output.split(separator: "\n").first { $0.contains("Requests/sec") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
print(String(format: "wrk raw rate against the mock endpoint: %.0f req/s; queue/raw = %.0f%%", raw, raw > 0 ? peak / raw * 100 : 0))

// 2b. The transport alone: the same requests through CurlTransport to the same endpoint, `settings.concurrency` in
// flight, no queue, no store, no policy: the ceiling of any dispatcher that sends through libcurl.
let transportOnly = try await transportCeiling(count: count)
print(
    String(
        format: "libcurl transport alone (no queue): %.0f req/s = %.0f%% of raw; queue/transport = %.0f%%", transportOnly,
        raw > 0 ? transportOnly / raw * 100 : 0, peak / transportOnly * 100))
if let plainCurl = curlCeiling(
    url: "\(base)/v23.0/106540352242922/messages", count: count * 4, concurrency: settings.concurrency, connections: connectionsPerHost
) {
    print(
        String(
            format: "libcurl alone from C (Benchmarks/curl-ceiling): %.0f req/s = %.0f%% of raw; queue/C libcurl = %.0f%%", plainCurl,
            raw > 0 ? plainCurl / raw * 100 : 0, peak / plainCurl * 100))
    // What 50 % of raw leaves for everything beyond libcurl itself (the store, the queue, the policy, Swift), in CPU
    // time per message on this machine's cores, against what SQLite alone takes for a durable queue's commits.
    let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
    if raw > 0, let floor = queueFloor(group: settings.concurrency, count: 30_000) {
        let budget = cores * 1e6 / (raw * 0.5) - cores * 1e6 / plainCurl
        let spent = cores * 1e6 / peak - cores * 1e6 / plainCurl
        print(
            String(
                format: "50%% of raw leaves %.0f core-µs per message beyond C libcurl (this queue takes %.0f); "
                    + "SQLite alone, 3 commits per message (Benchmarks/storage-floor): %.0f core-µs", budget, spent, floor))
    }
}

// 3. Half peak: enqueue at peak/2 while the dispatcher runs; enqueue-to-sent from the history.
let store2 = try makeStore()
let dispatcher2 = Dispatcher(
    store: store2, transport: transport, registry: StandardAdapters.registry, connections: [connection], settings: settings, logger: logger)
let running2 = Task { try await dispatcher2.run() }
let rate = peak / 2
let total = min(count, Int(rate * 5))
let interval = 1.0 / rate
let begin = Date()
var ids2: [String] = []
await withTaskGroup(of: String?.self) { group in
    for index in 0..<total {
        let due = begin.addingTimeInterval(Double(index) * interval)
        let wait = due.timeIntervalSinceNow
        if wait > 0 { try? await Task.sleep(for: .nanoseconds(Int64(wait * 1e9))) }
        group.addTask {
            let id = try? await enqueue(store2, index, at: Timestamp(Date()))
            dispatcher2.wake()
            return id
        }
    }
    for await id in group { if let id { ids2.append(id) } }
}
ids2.sort()
try await waitAllSent(store2, ids2)
running2.cancel()
_ = await running2.result
var latencies: [Int64] = []
for id in ids2 {
    let history = try await store2.outboundHistory(id: id)
    if let queued = history.first(where: { $0.status == "queued" }), let sent = history.first(where: { $0.status == "sent" }) {
        latencies.append(sent.at.milliseconds - queued.at.milliseconds)
    }
}
latencies.sort()
let sortedLatencies = latencies
let p50 = sortedLatencies[min(sortedLatencies.count - 1, sortedLatencies.count / 2)]
let p99 = sortedLatencies[min(sortedLatencies.count - 1, Int(Double(sortedLatencies.count) * 0.99))]
print(
    String(
        format: "half peak (%.0f msg/s offered, %d messages): enqueue-to-sent p50 %d ms, p99 %d ms, max %d ms", rate, total,
        p50, p99, sortedLatencies.last ?? 0))
await transport.shutdown()
await mock.shutdown()

/// Requests per second of `count` sends through ``CurlTransport`` alone (the dispatcher's concurrency in flight).
func transportCeiling(count: Int) async throws -> Double {
    let adapter = StandardAdapters.registry.adapter(for: .meta)!
    let message = OutboundMessage(
        channel: .whatsapp, account: connection.account, to: "15550000001", content: MessageContent(type: .text, text: "ceiling"))
    let request = try adapter.encode(message, connection: connection)
    let options = TransportOptions(timeout: .seconds(30))
    let start = ContinuousClock.now
    await withTaskGroup(of: Void.self) { group in
        var sent = 0
        while sent < min(settings.concurrency, count) {
            group.addTask { _ = try? await transport.send(request, options: options) }
            sent += 1
        }
        for await _ in group where sent < count {
            group.addTask { _ = try? await transport.send(request, options: options) }
            sent += 1
        }
    }
    let elapsed = ContinuousClock.now - start
    return Double(count) / secondsIn(elapsed)
}

/// `duration` in seconds.
func secondsIn(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Requests per second of a plain C libcurl multi loop (`Benchmarks/curl-ceiling/curl_ceiling.c`, built here with
/// `cc`) against `url`, with the transport's connections per host: libcurl's own ceiling on this machine. `nil` (with
/// a note) when it cannot be built or run.
func curlCeiling(url: String, count: Int, concurrency: Int, connections: Int) -> Double? {
    let arguments = [url, String(count), String(concurrency), String(connections)]
    guard let output = runC("curl-ceiling/curl_ceiling.c", library: "curl", arguments: arguments),
        let rate = Double(output.trimmingCharacters(in: .whitespacesAndNewlines))
    else {
        print("libcurl alone from C: not measured (needs cc and libcurl's headers)")
        return nil
    }
    return rate
}

/// CPU microseconds (user + system, all cores) per message that SQLite alone spends on a durable queue's three
/// commits per message (enqueued, claimed, sent), `group` messages per commit, with the store's settings
/// (`Benchmarks/storage-floor/sqlite_floor.c`): the floor under any durable SQLite queue on this machine.
func queueFloor(group: Int, count: Int) -> Double? {
    let path = NSTemporaryDirectory() + "queue-floor-\(UUID().uuidString).db"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    guard let output = runC("storage-floor/sqlite_floor.c", library: "sqlite3", arguments: ["queue", String(group), String(count), path]),
        let field = output.split(separator: " ").first(where: { $0.hasPrefix("cpu_us=") }),
        let microseconds = Double(field.dropFirst("cpu_us=".count))
    else {
        print("durable queue floor: not measured (needs cc and SQLite's headers)")
        return nil
    }
    return microseconds
}

/// Builds `Benchmarks/<source>` with `cc -O2 ... -l<library>` and runs it; its standard output, or `nil` when either
/// step fails.
func runC(_ source: String, library: String, arguments: [String]) -> String? {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../\(source)")
    let binary = NSTemporaryDirectory() + "c-benchmark-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: binary) }
    func run(_ arguments: [String]) -> String? {
        guard let result = try? runProcess("/usr/bin/env", arguments), result.status == 0 else { return nil }
        return result.output
    }
    guard run(["cc", "-O2", "-o", binary, file.standardizedFileURL.path, "-l\(library)"]) != nil else { return nil }
    return run([binary] + arguments)
}

/// Runs `executable` with `arguments` to its end: its exit status and standard output. Throws when it cannot start.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
