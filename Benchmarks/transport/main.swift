// A micro load check of CurlTransport against the loopback server (not a test).
//
//   swift run -c release transport-load [requests] [concurrency] [connections-per-host]
//
// Fires `requests` GET requests (default 5000) at a LoopbackHTTPServer on 127.0.0.1, at most
// `concurrency` (default 64) in flight, and prints requests per second and the connections used.
import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardTransport
import TestSupport

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let total = arguments.count > 0 ? arguments[0] : 5000
let concurrency = arguments.count > 1 ? arguments[1] : 64
let connectionsPerHost = arguments.count > 2 ? arguments[2] : 8

let payload = Array(#"{"messaging_product":"whatsapp","messages":[{"id":"wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI"}]}"#.utf8)
let server = try LoopbackHTTPServer { _ in
    .init(status: 200, headers: [HTTPField(name: "Content-Type", value: "application/json")], body: payload)
}
let transport = CurlTransport(configuration: .init(maxConnectionsPerHost: connectionsPerHost))
let request = ProviderRequest.json(url: server.url("/v19.0/1234/messages"), body: ["to": "15551234567", "type": "text"])
let options = TransportOptions(timeout: .seconds(30))

// Warm up: open the connections once.
_ = try await transport.send(request, options: options)

let started = ContinuousClock.now
let failures = await withTaskGroup(of: Bool.self) { group in
    var sent = 0
    var failures = 0
    func launch() {
        group.addTask { (try? await transport.send(request, options: options))?.status == 200 }
        sent += 1
    }
    while sent < min(concurrency, total) { launch() }
    for await ok in group {
        if !ok { failures += 1 }
        if sent < total { launch() }
    }
    return failures
}
let elapsed = ContinuousClock.now - started
await transport.shutdown()
server.stop()

let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(
    "transport-load: \(total) requests, concurrency \(concurrency), \(server.acceptedConnections) connections: "
        + String(format: "%.0f requests/s (%.3f s), %d failed", Double(total) / seconds, seconds, failures))
