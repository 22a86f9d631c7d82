import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Testing

/// Issue 19 end to end: a WhatsApp webhook whose timestamp is no time used to trap the gateway before the
/// commit (and the provider's re-delivery trapped it again). Through the real HTTP server it is answered
/// 400 naming the field, kept byte-exact in the quarantine, and the gateway goes on serving.
@Suite("Webhooks with impossible numbers over real HTTP")
struct ImpossibleValueWebhookTests {
    let logger = Logger(label: "test")

    @Test(
        "a WhatsApp timestamp that is no time is answered 400 naming the field and quarantined; the next webhook is stored",
        arguments: ["9300000000000000", "-9300000000000000"])
    func impossibleWhatsAppTimestamp(value: String) async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try buildApplication(
            configuration: GatewayFixture.configuration(directory: directory), transport: NoTransport(), logger: logger)
        let store = gateway.store
        let body = Array(
            String(decoding: GatewayFixture.whatsAppBody(messageID: "wamid.IMPOSSIBLE"), as: UTF8.self)
                .replacingOccurrences(of: #""timestamp":"1714564800""#, with: #""timestamp":"\#(value)""#).utf8)
        let reason =
            "malformed_body: entry[0].changes[0].value.messages[0].timestamp: \(value) is not a time (unix seconds between 0 and 253402300799)"
        try await gateway.application.test(.live) { client in
            for _ in 0..<2 {  // the provider's re-delivery meets the same answer
                try await client.execute(
                    uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body) == reason + "\n")
                }
            }
            let quarantined = try await store.quarantined(limit: 10)
            #expect(quarantined.count == 2)
            #expect(quarantined.allSatisfy { $0.reason == reason && $0.body == body && $0.connection == "wa" })
            #expect(try await store.eventCount() == 0)

            let good = GatewayFixture.whatsAppBody(messageID: "wamid.AFTER")
            try await client.execute(
                uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(good), body: ByteBuffer(bytes: good)
            ) { response in
                #expect(response.status == .ok)
            }
            #expect(try await store.eventCount() == 1)
        }
    }

    @Test(
        "policy numbers that are not finite, or too large for milliseconds, are configuration problems naming the key, never a trap",
        arguments: [".nan", "-.inf", "nan", "1e400", "1e300"])
    func policyNumbersAreRangeChecked(value: String) throws {
        let yaml = """
            connections:
              - name: wa
                provider: meta
                secrets: {app_secret: x, verify_token: y}
            policy:
              service_window_hours: \(value)
            """
        let loader = ConfigurationLoader.reading(environment: [:], files: [:], knownProviders: [.meta])
        let problems = loader.problems(in: yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("policy.service_window_hours") == true, "\(problems)")
    }
}
