import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import Testing

/// An adapter of an older release whose decoder refused every body, verifying like the real one.
private struct RefusingAdapter: ChannelAdapter {
    let real: any ChannelAdapter
    var provider: Provider { real.provider }
    func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        real.verify(request, connection: connection)
    }
    func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        throw SwitchboardError(code: "malformed_body", message: "this release's decoder cannot read it")
    }
    func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try real.encode(message, connection: connection)
    }
    func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        real.interpret(response, for: request)
    }
    func credentialFields(connection: ConnectionConfig) -> CredentialFields { real.credentialFields(connection: connection) }
}

/// The quarantine and `serve --record` keep no secret, and reprocessing a kept request applies the ownership rule.
@Suite("Kept webhooks hold no secret; reprocessing keeps connections apart")
struct KeptRequestSecretsTests {
    let logger = Logger(label: "test")
    static let emailToken = "email-token-0123456789"
    static let partnerValue = "partner-credential-42"
    static let userPassword = "basic-pass-777"

    static func connections() -> [ConnectionConfig] {
        [
            ConnectionConfig(
                name: "mail", provider: .email, channel: .email, account: "support@example.com",
                secrets: ["webhook_token": Secret(emailToken)]),
            ConnectionConfig(
                name: "d360", provider: .dialog360, channel: .whatsapp, account: "106540352242922",
                secrets: ["webhook_header_value": Secret(partnerValue)], options: ["webhook_header": "X-Partner-Auth"]),
        ]
    }

    /// Every registered adapter, those of `refusing` providers refusing every body.
    static func registry(refusing: Set<Provider>) -> AdapterRegistry {
        AdapterRegistry(
            StandardAdapters.registry.providers.compactMap { provider in
                StandardAdapters.registry.adapter(for: provider).map { refusing.contains(provider) ? RefusingAdapter(real: $0) : $0 }
            })
    }

    @Test(
        "an email token in ?token=, a custom auth header, a header carrying a secret and URL credentials are in neither the quarantine, its API nor a recording; the redacted request still reprocesses"
    )
    func noSecretKept() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recordings = directory.appendingPathComponent("recorded")
        var configuration = OwnershipFixture.configuration(directory: directory, connections: Self.connections())
        configuration.publicURL = "https://hook:\(Self.userPassword)@gw.example"
        configuration.recordDirectory = recordings.path
        let email = OwnershipFixture.email(to: "support@example.com", messageID: "kept@customer.example")
        let secrets = [Self.emailToken, Self.partnerValue, Self.userPassword, "X-Partner-Auth", "X-Relay"]

        // The release whose email decoder refused the message: it is answered 400 and kept.
        let before = try buildApplication(
            configuration: configuration, transport: NoTransport(), logger: logger, registry: Self.registry(refusing: [.email]))
        let beforeStore = before.store
        let stored = try await before.application.test(.live) { client in
            let (status, _) = try await OwnershipFixture.post(
                client, "/webhooks/email/mail?token=\(Self.emailToken)&batch=7",
                headers: [.contentType: "message/rfc822", HTTPField.Name("X-Relay")!: Self.emailToken], body: email)
            #expect(status == .badRequest)
            let (malformed, _) = try await OwnershipFixture.post(
                client, "/webhooks/360dialog/d360",
                headers: [.contentType: "application/json", HTTPField.Name("X-Partner-Auth")!: Self.partnerValue], body: Array("{".utf8))
            #expect(malformed == .badRequest)
            return try await beforeStore.quarantined(limit: 10)
        }
        #expect(stored.count == 2)
        for request in stored {
            let text = request.url + request.headersText
            for secret in secrets { #expect(!text.contains(secret), "stored \(request.provider): \(secret)") }
        }
        let emailRow = try #require(stored.first { $0.provider == "email" })
        #expect(emailRow.url == "https://hook:<redacted>@gw.example/webhooks/email/mail?token=<redacted>&batch=7")
        #expect(emailRow.headers.contains { $0.name == "Content-Type" })

        // Recorded fixtures: context.json without them.
        let files = try FileManager.default.subpathsOfDirectory(atPath: recordings.path).filter { $0.hasSuffix(".context.json") }
        #expect(files.count == 2)
        for file in files {
            let text = try String(contentsOf: recordings.appendingPathComponent(file), encoding: .utf8)
            for secret in secrets { #expect(!text.contains(secret), "\(file): \(secret)") }
        }

        // The fixed release: the API shows no secret, and the redacted request decodes now.
        let after = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let store = after.store
        try await after.application.test(.live) { client in
            let list = try await client.execute(uri: "/v1/quarantine", method: .get, headers: OwnershipFixture.bearer) {
                String(buffer: $0.body)
            }
            #expect(list.contains("token=<redacted>"))
            var shown = list
            for request in stored {
                shown += try await client.execute(uri: "/v1/quarantine/\(request.id ?? 0)", method: .get, headers: OwnershipFixture.bearer)
                {
                    String(buffer: $0.body)
                }
            }
            for secret in secrets { #expect(!shown.contains(secret), "API: \(secret)") }

            try await client.execute(uri: "/v1/quarantine/\(emailRow.id ?? 0)/reprocess", method: .post, headers: OwnershipFixture.bearer) {
                #expect($0.status == .ok)
            }
            #expect(try await store.eventCount() == 1)
        }
    }

    @Test("a kept request naming another connection's account stays refused on reprocessing")
    func reprocessKeepsConnectionsApart() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = OwnershipFixture.configuration(
            directory: directory,
            connections: [
                OwnershipFixture.meta("a", account: "111", appSecret: "secret-a"),
                OwnershipFixture.meta("b", account: "222", appSecret: "secret-b"),
            ])
        let forged = OwnershipFixture.whatsApp([(account: "222", id: "wamid.LATER")])
        // Signed with A's secret, refused by the old decoder before any account was read.
        let before = try buildApplication(
            configuration: configuration, transport: NoTransport(), logger: logger, registry: Self.registry(refusing: [.meta]))
        try await before.application.test(.live) { client in
            let (status, _) = try await OwnershipFixture.post(
                client, "/webhooks/meta", headers: GatewayFixture.signedHeaders(forged, secret: "secret-a"), body: forged)
            #expect(status == .badRequest)
        }

        let after = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let store = after.store
        try await after.application.test(.live) { client in
            let id = try #require(try await store.quarantined(limit: 1).first?.id)
            try await client.execute(uri: "/v1/quarantine/\(id)/reprocess", method: .post, headers: OwnershipFixture.bearer) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try JSONParser.parse(Array(response.body.readableBytesView))
                #expect(problem["code"]?.string == "still_malformed")
                #expect(problem["message"]?.string?.hasPrefix(#"account_not_owned: the body names account "222""#) == true)
            }
            #expect(try await store.eventCount() == 0)
            #expect(try await store.conversation("whatsapp:222:\(OwnershipFixture.contact)") == nil)
        }
    }
}
