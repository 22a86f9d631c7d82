import AdapterKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardCurl
import SwitchboardServer
import SwitchboardStore
import SwitchboardTransport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Crash recovery with the built binary")
struct CrashRecoveryTests {
    static let binary = FixturePaths.packageRoot.appendingPathComponent(".build/debug/switchboard")

    @Test(
        "kill -9 after the 200: on restart the event is still stored and is delivered",
        .enabled(if: FileManager.default.isExecutableFile(atPath: binary.path), "build the switchboard binary first"))
    func killNineAfterAcknowledgement() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("data/switchboard.db").path
        // The subscriber refuses everything while the binary runs, so the delivery is still pending at the crash.
        let inbox = SubscriberInbox(failures: .max)
        try await withLoopbackSubscriber(inbox) { url in
            let configFile = directory.appendingPathComponent("switchboard.yaml")
            try """
            listen: 127.0.0.1:0
            metrics_listen: none
            store:
              sqlite: \(database)
            connections:
              - name: wa
                provider: meta
                channel: whatsapp
                account: "\(GatewayFixture.account)"
                secrets:
                  app_secret: \(GatewayFixture.appSecret)
            subscribers:
              - name: crm
                url: \(url)
                secret: crm-secret
            """.write(to: configFile, atomically: true, encoding: .utf8)

            let (process, port) = try await Self.serve(config: configFile, in: directory)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            let listening = try #require(port, "the server did not start")

            var request = InboundRequest(
                method: "POST", url: "http://127.0.0.1:\(listening)/webhooks/meta/wa",
                headers: [HTTPField(name: "Content-Type", value: "application/json")],
                body: GatewayFixture.whatsAppBody(messageID: "wamid.CRASH1"))
            request = WebhookSigner.sign(
                request,
                connection: ConnectionConfig(name: "wa", provider: .meta, secrets: ["app_secret": Secret(GatewayFixture.appSecret)]))
            let response = try await CurlTransport().send(
                ProviderRequest(method: "POST", url: request.url, headers: request.headers, body: request.body), options: TransportOptions()
            )
            #expect(response.status == 200)

            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)

            // Restart on the same file, the subscriber back up: the event is there and is delivered.
            try await Task.sleep(for: .milliseconds(200))  // let the subscriber finish refusing the dead process's last attempt
            inbox.recover()
            var configuration = GatewayFixture.configuration(directory: directory)
            configuration.subscribers = [SubscriberConfig(name: "crm", url: url, secret: "crm-secret")]
            let gateway = try buildApplication(configuration: configuration, transport: CurlTransport(), logger: Logger(label: "test"))
            let store = gateway.store
            #expect(try await store.eventCount() == 1)
            try await gateway.application.test(.live) { _ in
                try await inbox.waitFor(1)
            }
            let ids = try inbox.deliveries.map { try JSONParser.parse($0.body)["provider_message_id"]?.string }
            // Delivery is at least once (subscribers dedupe by X-Switchboard-Event-Id): the event arrived.
            #expect(!ids.isEmpty)
            #expect(Set(ids) == ["wamid.CRASH1"])
        }
    }

    /// Starts the built binary's `serve` with `config` (stderr to `serve.log` in `directory`); the port it
    /// listens on, or `nil` when it did not start within 20 s.
    static func serve(config: URL, in directory: URL) async throws -> (Process, Int?) {
        let logFile = directory.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--config", config.path]
        process.standardError = try FileHandle(forWritingTo: logFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, try await port(from: logFile))
    }

    /// The port the server logged (`listening on 127.0.0.1:PORT`), waiting up to 20 s.
    static func port(from logFile: URL) async throws -> Int? {
        var port: Int?
        try await eventually(
            "the server logged \"listening on 127.0.0.1:PORT\" in \(logFile.path)", timeout: .seconds(20), pollInterval: .milliseconds(50)
        ) {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            guard let range = log.range(of: "listening on 127.0.0.1:") else { return false }
            port = Int(log[range.upperBound...].prefix { $0.isNumber })
            return true
        }
        return port
    }
}
