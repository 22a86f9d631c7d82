import Foundation
import SwitchboardCore
import SwitchboardCurl
import SwitchboardServer
import SwitchboardTransport
import TestSupport
import Testing

/// The server library does not link the mock provider: the `switchboard serve` command runs the one
/// `mock_provider:` configures, beside the gateway's services. This runs the built binary as a user does.
@Suite("switchboard serve runs the configured mock provider beside the gateway")
struct ServeMockProviderTests {
    @Test(
        "serve on the demo configuration: a send reaches the mock provider on its port; /metrics on the metrics listener only; SIGTERM stops all, exit 0"
    )
    func serveRunsTheMockProvider() async throws {
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let (gatewayPort, gatewaySocket) = try LoopbackListener.refusingPort()
        close(gatewaySocket)
        let (mockPort, mockSocket) = try LoopbackListener.refusingPort()
        close(mockSocket)
        let (metricsPort, metricsSocket) = try LoopbackListener.refusingPort()
        close(metricsSocket)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = GatewayConfiguration.demoYAML
            .replacingOccurrences(of: "./switchboard-data/switchboard.db", with: folder.path + "/switchboard.db")
            .replacingOccurrences(of: "127.0.0.1:8090", with: "127.0.0.1:\(mockPort)")
            .replacingOccurrences(of: "listen: 127.0.0.1:8080", with: "listen: 127.0.0.1:\(gatewayPort)")
        let configPath = folder.appendingPathComponent("switchboard.yaml")
        try (yaml + "\nmetrics_listen: 127.0.0.1:\(metricsPort)\n").write(to: configPath, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = SwitchboardProcess.binary
        process.arguments = ["serve", "--config", configPath.path]
        let log = folder.appendingPathComponent("serve.log")
        #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
        let logHandle = try FileHandle(forWritingTo: log)
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let transport = CurlTransport()
        let options = TransportOptions(timeout: .seconds(5), connectTimeout: .seconds(1))
        func get(_ url: String) async -> ProviderResponse? {
            try? await transport.send(ProviderRequest(method: "GET", url: url), options: options)
        }
        /// Polls `url` until `accept` holds for its answer (up to 30 s), returning that answer.
        func waitFor(_ url: String, _ accept: (ProviderResponse) -> Bool) async throws -> ProviderResponse {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if let response = await get(url), accept(response) { return response }
                try await Task.sleep(for: .milliseconds(100))
            }
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw LoopbackError("no acceptable answer from \(url) within 30 s; serve printed:\n\(output)")
        }
        let mockURL = "http://127.0.0.1:\(mockPort)"
        let gatewayURL = "http://127.0.0.1:\(gatewayPort)"
        _ = try await waitFor("\(mockURL)/_mock/requests") { $0.status == 200 }
        _ = try await waitFor("\(gatewayURL)/readyz") { $0.status == 200 }
        let scrape = try await waitFor("http://127.0.0.1:\(metricsPort)/metrics") { $0.status == 200 }
        #expect(String(decoding: scrape.body, as: UTF8.self).contains("switchboard_http_connections_limit"))
        #expect(await get("\(gatewayURL)/metrics")?.status == 404, "not on the internet-facing port")

        let send = try await transport.send(
            ProviderRequest(
                url: "\(gatewayURL)/v1/messages",
                headers: [
                    HTTPField(name: "Authorization", value: "Bearer demo-api-key"),
                    HTTPField(name: "Content-Type", value: "application/json"),
                ],
                body: Array(#"{"conversation":"sms:+15005550006:+15551234567","content":{"type":"text","text":"to the mock"}}"#.utf8)),
            options: options)
        #expect(send.status == 202, "\(String(decoding: send.body, as: UTF8.self))")
        // Only the send: `serve` also reads the WhatsApp template catalogs from the mock at start.
        let recorded = try await waitFor("\(mockURL)/_mock/requests?provider=twilio") { response in
            (try? JSONParser.parse(response.body))?["count"]?.int == 1
        }
        let request = try JSONParser.parse(recorded.body)["requests"]?[0]
        #expect(request?["path"]?.string == "/2010-04-01/Accounts/ACdemo00000000000000000000000000/Messages.json")
        #expect(request?["body"]?.string?.contains("Body=to%20the%20mock") == true)

        process.terminate()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(await get("\(mockURL)/_mock/requests") == nil, "the mock provider stops with serve")
        await transport.shutdown()
        try logHandle.close()
    }
}
