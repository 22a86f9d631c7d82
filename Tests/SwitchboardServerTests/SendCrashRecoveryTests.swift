import AdapterKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardMockProvider
import SwitchboardServer
import SwitchboardTransport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The send path's crash guarantee: a message accepted with 202 is never lost. The built binary is
/// killed with SIGKILL while the provider is still answering its request; the next process sends it.
@Suite("Send crash recovery with the built binary")
struct SendCrashRecoveryTests {
    @Test(
        "kill -9 while the provider request is in flight: on restart the message is sent (at least once), none lost",
        .enabled(if: FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary.path), "build the switchboard binary first"))
    func killNineMidSend() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The provider takes 30 s to answer while the binary runs: the send is in flight at the crash.
        let mock = MockProvider(configuration: .init(port: 0, faults: try MockFaultPlan(spec: "delay=30s,slow=1")))
        _ = try await mock.start()
        let base = try #require(mock.baseURL)
        let yaml = """
            listen: 127.0.0.1:0
            store:
              sqlite: \(directory.appendingPathComponent("data/switchboard.db").path)
            connections:
              - name: sms
                provider: twilio
                channel: sms
                account: "+15005550006"
                base_url: \(base)
                secrets:
                  account_sid: ACtest00000000000000000000000000
                  auth_token: twilio-token
            api_keys:
              - key: crash-test-key
            """
        let configFile = directory.appendingPathComponent("switchboard.yaml")
        try yaml.write(to: configFile, atomically: true, encoding: .utf8)
        let (process, listening) = try await CrashRecoveryTests.serve(config: configFile, in: directory)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let port = try #require(listening, "the server did not start")

        let accepted = try await CurlTransport().send(
            ProviderRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/v1/messages",
                headers: [
                    HTTPField(name: "Content-Type", value: "application/json"),
                    HTTPField(name: "Authorization", value: "Bearer crash-test-key"),
                ],
                body: Array(#"{"conversation":"sms:+15005550006:+15551230001","content":{"type":"text","text":"survives"}}"#.utf8)),
            options: TransportOptions())
        #expect(accepted.status == 202)
        let id = try #require(try JSONParser.parse(accepted.body)["id"]?.string)
        try await eventually("the provider received the send", timeout: .seconds(20)) { !mock.recordedRequests().isEmpty }
        #expect(mock.recordedRequests().count == 1, "the request reached the provider before the crash")

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        // Restart on the same file with the provider answering at once: the message goes out.
        mock.setFaults(MockFaultPlan())
        let configuration = try ConfigurationLoader(
            secrets: SecretSource(environment: [:]), knownProviders: Set(StandardAdapters.registry.providers)
        ).load(yaml: yaml)
        var logger = Logger(label: "test.crash")
        logger.logLevel = .error
        let gateway = try buildApplication(configuration: configuration, transport: CurlTransport(), logger: logger)
        let store = gateway.store
        try await gateway.application.test(.live) { _ in
            try await eventually("message \(id) is sent after the restart", timeout: .seconds(20)) {
                try await store.outboundMessage(id: id)?.state == .sent
            }
            let stored = try #require(try await store.outboundMessage(id: id))
            #expect(stored.state == .sent)
            #expect(try await store.outboundHistory(id: id).map(\.status) == ["queued", "sent"])
        }
        // At least once: the provider saw the message before the crash and again after it.
        let texts = mock.recordedRequests().map { FormBody.parse($0.body)["Body"] }
        #expect(texts == ["survives", "survives"])
        await mock.shutdown()
    }
}
