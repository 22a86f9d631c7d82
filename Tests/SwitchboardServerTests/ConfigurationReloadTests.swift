import Foundation
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardServer
import SwitchboardStore
import SwitchboardTransport
import TestSupport
import Testing

/// Reloading the configuration file without a restart (the entry point `serve`'s SIGHUP handler calls, and a real
/// SIGHUP to a `switchboard serve` child process): a changed file changes the policy's account settings and the
/// API keys at once; a file with problems keeps the settings in force and says why.
@Suite("Configuration reload: SIGHUP applies a good file, keeps the old settings on a bad one")
struct ConfigurationReloadTests {
    static let contact = "16505557001"
    static let loader = ConfigurationLoader(
        secrets: SecretSource(environment: [:]), knownProviders: Set(StandardAdapters.registry.providers))

    /// A configuration with one WhatsApp connection (blocklist `blocked`), the API keys `keys`, the dispatcher off.
    static func yaml(folder: URL, port: Int = 0, keys: [String], blocked: [String] = [], balance: String = "\"1.00\"") -> String {
        """
        listen: 127.0.0.1:\(port)
        store:
          sqlite: \(folder.path)/switchboard.db
        dispatcher:
          enabled: false
        connections:
          - name: wa
            provider: meta
            channel: whatsapp
            account: "\(LedgerAcceptFixture.whatsappAccount)"
            secrets:
              app_secret: reload-app-secret
              access_token: reload-token
            base_url: http://127.0.0.1:9
            outbound:
              prepaid_balance: \(balance)
              low_balance: "0.10"
              blocklist: [\(blocked.map { "\"\($0)\"" }.joined(separator: ", "))]
        api_keys:
        \(keys.map { "  - key: \($0)" }.joined(separator: "\n"))
        metrics_listen: none
        """
    }

    static func check(_ transport: CurlTransport, port: Int, key: String) async throws -> (status: Int, json: JSONValue) {
        let response = try await transport.send(
            ProviderRequest(
                url: "http://127.0.0.1:\(port)/v1/messages/check",
                headers: [
                    HTTPField(name: "Authorization", value: "Bearer \(key)"), HTTPField(name: "Content-Type", value: "application/json"),
                ],
                body: LedgerAcceptFixture.text(to: contact)),
            options: TransportOptions(timeout: .seconds(10), connectTimeout: .seconds(2)))
        return (response.status, (try? JSONParser.parse(response.body)) ?? .null)
    }

    @Test(
        "reload entry point: the blocklist and a new API key take effect; a broken file is refused with its line and key and changes nothing"
    )
    func reloadThenBrokenFile() async throws {
        let folder = try LedgerAcceptFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("switchboard.yaml")
        try Self.yaml(folder: folder, keys: ["key-one"]).write(to: file, atomically: true, encoding: .utf8)
        let configuration = try Self.loader.load(yaml: String(contentsOf: file, encoding: .utf8))
        let gateway = try buildApplication(configuration: configuration, transport: FakeGraphProvider(), logger: LedgerAcceptFixture.logger)
        try await LedgerAcceptFixture.inboundWhatsApp(gateway.store, contact: Self.contact)
        let transport = CurlTransport()
        let reloader = gateway.reloader
        let metrics = gateway.metrics
        let reload: @Sendable () async -> ConfigurationReloadOutcome = {
            await reloader.reload { try Self.loader.load(yaml: String(contentsOf: file, encoding: .utf8)) }
        }
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            #expect(try await Self.check(transport, port: port, key: "key-one").json["allowed"]?.bool == true)
            #expect(try await Self.check(transport, port: port, key: "key-two").status == 401)

            try Self.yaml(folder: folder, keys: ["key-one", "key-two"], blocked: [Self.contact]).write(
                to: file, atomically: true, encoding: .utf8)
            #expect(await reload() == .applied(restartNeeded: []))
            let blocked = try await Self.check(transport, port: port, key: "key-two")
            #expect(blocked.status == 200)
            #expect(blocked.json["allowed"]?.bool == false)
            #expect(blocked.json["code"]?.string == "blocklisted")

            // Seven decimals, and the key-two line removed: refused as a whole, so key-two still works and the
            // contact stays blocked.
            try Self.yaml(folder: folder, keys: ["key-one"], balance: "\"1.0000001\"").write(to: file, atomically: true, encoding: .utf8)
            guard case .refused(let problems) = await reload() else {
                Issue.record("a file with 7 decimals in prepaid_balance was applied")
                return
            }
            #expect(
                problems == [
                    "line 16: connections[0].outbound.prepaid_balance: has more than 6 decimals (amounts are exact to a millionth), got \"1.0000001\""
                ])
            let still = try await Self.check(transport, port: port, key: "key-two")
            #expect(still.status == 200)
            #expect(still.json["code"]?.string == "blocklisted")
            let metrics = String(decoding: metrics.exposition(), as: UTF8.self)
            #expect(metrics.contains(#"switchboard_config_reloads_total{outcome="refused"} 1"#))
            #expect(metrics.contains(#"switchboard_config_reloads_total{outcome="applied"} 1"#))

            // A section read only at start is named, and the rest of the file still applies.
            try Self.yaml(folder: folder, port: 9, keys: ["key-one"]).write(to: file, atomically: true, encoding: .utf8)
            #expect(await reload() == .applied(restartNeeded: ["listen"]))
            #expect(try await Self.check(transport, port: port, key: "key-two").status == 401)
            #expect(try await Self.check(transport, port: port, key: "key-one").json["allowed"]?.bool == true)
        }
    }

    @Test("a real SIGHUP to `switchboard serve`: a new API key works without a restart; a broken file is logged and keeps it")
    func sighupToServe() async throws {
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let folder = try LedgerAcceptFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try GatewayCluster(nodes: 1) { _, port in Self.yaml(folder: folder, port: port, keys: ["key-one"]) }
        defer {
            cluster.killAll()
            try? FileManager.default.removeItem(at: cluster.folder)
        }
        let node = cluster.nodes[0], port = node.port, file = node.configuration
        try node.start()
        let transport = CurlTransport()
        func printed() -> String { node.log }
        func waitFor(_ what: String, _ condition: () async -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if await condition() { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw LoopbackError("\(what) within 30 s; serve printed:\n\(printed())")
        }
        try await waitFor("the gateway answers") { (try? await Self.check(transport, port: port, key: "key-one").status) == 200 }
        #expect(try await Self.check(transport, port: port, key: "key-two").status == 401)

        try Self.yaml(folder: folder, port: port, keys: ["key-one", "key-two"]).write(to: file, atomically: true, encoding: .utf8)
        kill(try #require(node.pid), SIGHUP)
        try await waitFor("key-two accepted after SIGHUP") { (try? await Self.check(transport, port: port, key: "key-two").status) == 200 }

        try "connections: [".write(to: file, atomically: true, encoding: .utf8)
        kill(try #require(node.pid), SIGHUP)
        try await waitFor("the refused reload logged") { printed().contains("configuration reload refused") }
        #expect(node.isRunning)
        #expect(try await Self.check(transport, port: port, key: "key-two").status == 200)

        try await node.terminate()
        #expect(!node.isRunning)
    }
}
