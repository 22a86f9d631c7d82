import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardPostgres
import SwitchboardServer
import SwitchboardStore
import TestSupport

// accept-load [seconds=5] [rounds=3] [connections=32]: POST /v1/messages with the ledger against the accept path
// before it, in one process, same HTTP server, same run (Benchmarks/accept/README.md).
//
// - ledger: the gateway as `serve` builds it (buildApplication): parse, then acceptOutbound — the ledger snapshot
//   read under the writer's lock, the policy's decision, and the message, its hold, its wallet entry, the
//   conversation's new counters and the reach written in one transaction.
// - before: the accept path of the previous main, rebuilt here from its SendAPI (conversation read,
//   outboundAccountFacts, PolicyEngine.decide on a configured balance, enqueueOutbound): no hold, no reach.
//
// Each arm has its own SQLite file (synchronous=FULL, as configured by default), or with ACCEPT_LOAD_POSTGRES=<url>
// its own schema of that PostgreSQL database (created fresh), the dispatcher off. wrk sends
// WhatsApp marketing templates (a paid message: a hold each) to a new contact per request, `connections`
// connections, alternating rounds.
let arguments = CommandLine.arguments.dropFirst()
let seconds = arguments.first.flatMap(Int.init) ?? 5
let rounds = arguments.dropFirst().first.flatMap(Int.init) ?? 3
let connections = arguments.dropFirst(2).first.flatMap(Int.init) ?? 32
let account = "106540352242922"
let apiKey = "bench-key"
var logger = Logger(label: "accept-load")
logger.logLevel = .error

let folder = NSTemporaryDirectory() + "accept-load-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

func freePort() throws -> Int {
    let (port, socket) = try LoopbackListener.refusingPort()
    close(socket)
    return port
}

let connection = ConnectionConfig(
    name: "wa", provider: .meta, channel: .whatsapp, account: account, secrets: ["access_token": "bench-token"],
    baseURL: "http://127.0.0.1:9")
let template = ApprovedTemplate(name: "promo", category: "marketing", languages: ["en_US"])
let ledgerPort = try freePort()
let beforePort = try freePort()
let sending = SendSettings(
    accounts: ["wa": AccountSettings(prepaidBalance: Money(decimalString: "100000000")!, templates: [template])],
    dispatcherEnabled: false)
let postgresURL = ProcessInfo.processInfo.environment["ACCEPT_LOAD_POSTGRES"]
/// A fresh schema per arm and run on the PostgreSQL database.
func postgres(_ arm: String) throws -> PostgresStoreConfiguration {
    var configuration = try PostgresStoreConfiguration(url: postgresURL ?? "")
    configuration.schema = "accept_load_\(arm)_\(UInt32.random(in: 0...UInt32.max))"
    configuration.maximumConnections = 32
    return configuration
}
let ledgerStore =
    postgresURL == nil
    ? StoreSettings(sqlitePath: folder + "/ledger.db") : StoreSettings(postgres: try postgres("ledger"))
let gateway = try buildApplication(
    configuration: GatewayConfiguration(
        host: "127.0.0.1", port: ledgerPort, store: ledgerStore, connections: [connection], apiKeys: [APIKeyConfig(key: Secret(apiKey))]),
    transport: UnusedTransport(), logger: logger, sending: sending, store: try await openStore(ledgerStore, logger: logger))
let beforeStore: any SendQueue & ConversationStore =
    postgresURL == nil
    ? try SQLiteEventStore(path: folder + "/before.db") : try await PostgresEventStore(configuration: try postgres("before"))
print("store: \(postgresURL == nil ? "SQLite" : "PostgreSQL")")
let before = BeforeLedgerAccept(
    store: beforeStore, connection: connection, apiKey: apiKey,
    account: AccountState(prepaidBalances: [account: 100_000_000], templates: [template]))

/// wrk: each request a marketing template to a new contact (thread id and the round's offset keep them apart).
let wrkScript = """
    local counter = 0
    local base = 0
    local threads = 0
    function setup(thread)
      thread:set("id", threads)
      threads = threads + 1
    end
    function init(args)
      base = tonumber(args[1]) + id * 10000000
    end
    request = function()
      counter = counter + 1
      local body = string.format('{"conversation":"whatsapp:\(account):1%010d","content":{"type":"template","template":{"name":"promo","language":"en_US"}}}', base + counter)
      return wrk.format("POST", nil, {["Authorization"] = "Bearer \(apiKey)", ["Content-Type"] = "application/json"}, body)
    end
    """

try await withThrowingTaskGroup(of: Void.self) { group in
    let gatewayApplication = gateway.application
    group.addTask { try await gatewayApplication.runService() }
    group.addTask { try await before.application(port: beforePort, logger: logger).runService() }
    try await waitForHealth(port: ledgerPort)
    try await waitForHealth(port: beforePort)
    let script = folder + "/templates.lua"
    try wrkScript.write(toFile: script, atomically: true, encoding: .utf8)
    var rates: [String: [Double]] = ["ledger": [], "before": []]
    for round in 0..<rounds {
        for (name, port) in [("before", beforePort), ("ledger", ledgerPort)] {
            let result = try runWrk(port: port, script: script, offset: (round * 2 + (name == "ledger" ? 1 : 0)) * 100_000_000)
            print(String(format: "round %d %@: %.0f sends/s (%d non-2xx)", round + 1, name, result.rate, result.non2xx))
            rates[name, default: []].append(result.rate)
        }
    }
    let ledger = median(rates["ledger"] ?? []), previous = median(rates["before"] ?? [])
    print(
        String(
            format: "median at %d connections: ledger %.0f sends/s, before %.0f sends/s, ratio %.1f %% (target ≥ 80 %%)", connections,
            ledger, previous, 100 * ledger / previous))
    // The figures are printed: end here rather than drain the servers and the store pools.
    exit(0)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// Polls `GET /healthz` until it answers.
func waitForHealth(port: Int) async throws {
    for _ in 0..<200 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sf", "-o", "/dev/null", "http://127.0.0.1:\(port)/healthz"]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus == 0 { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw LoopbackError("nothing answers on port \(port)")
}

/// One wrk run: requests per second and the answers that were not 2xx.
func runWrk(port: Int, script: String, offset: Int) throws -> (rate: Double, non2xx: Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
    process.arguments = [
        "-t", "2", "-c", "\(connections)", "-d", "\(seconds)s", "-s", script, "http://127.0.0.1:\(port)/v1/messages", "--", "\(offset)",
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    func number(after label: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        return Double(line.split(separator: " ").last.map(String.init) ?? "")
    }
    return (number(after: "Requests/sec:") ?? 0, Int(number(after: "Non-2xx or 3xx responses:") ?? 0))
}
