import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// Account-level WhatsApp webhooks (templates, quality, restrictions) name the WhatsApp Business Account (`entry.id`),
/// not a phone number id: they belong to the connections naming it in `options.business_account_id`, and reach
/// their account state through the store's append (docs/templates.md).
@Suite("Template and account webhooks reach the connections of their business account")
struct TemplateCatalogWebhookTests {
    static let waba = "102290129340398"
    let logger = Logger(label: "test")

    /// A Meta WhatsApp connection for phone number `account` of business account `waba` (none: `nil`).
    static func meta(_ name: String, account: String, waba: String?, secret: String = "secret-a") -> ConnectionConfig {
        var connection = OwnershipFixture.meta(name, account: account, appSecret: secret)
        if let waba { connection.options["business_account_id"] = waba }
        return connection
    }

    /// A live gateway with these connections on a fresh SQLite store; `test` gets its client and store.
    func withGateway(
        _ connections: [ConnectionConfig], _ test: @escaping @Sendable (any TestClientProtocol, any GatewayStore) async throws -> Void
    ) async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = OwnershipFixture.configuration(directory: directory, connections: connections)
        configuration.templates.syncIntervalMilliseconds = 0
        let gateway = try buildApplication(configuration: configuration, transport: NoTransport(), logger: logger)
        let store = gateway.store
        try await gateway.application.test(.live) { client in try await test(client, store) }
    }

    /// POSTs the recorded fixture `name` to `path`, signed with `secret`.
    static func postFixture(_ client: any TestClientProtocol, _ name: String, path: String = "/webhooks/meta", secret: String = "secret-a")
        async throws -> (HTTPResponse.Status, String)
    {
        let body = try FixturePaths.bytes("meta", name)
        return try await OwnershipFixture.post(client, path, headers: GatewayFixture.signedHeaders(body, secret: secret), body: body)
    }

    @Test("a template status webhook changes the catalog of every connection of its business account, and no other")
    func templateStatusReachesTheCatalog() async throws {
        let first = Self.meta("wa-1", account: "106540352242922", waba: Self.waba)
        let second = Self.meta("wa-2", account: "106540352242999", waba: Self.waba)
        let other = Self.meta("wa-other", account: "106540352243000", waba: "999999999999999")
        try await withGateway([first, second, other]) { client, store in
            let (status, text) = try await Self.postFixture(client, "whatsapp-pywa-template_status_update-rejected.json")
            #expect(status == .ok, "\(text)")
            #expect(try await store.eventCount() == 1)
            #expect(try await store.quarantined(limit: 10).isEmpty)
            for name in ["wa-1", "wa-2"] {
                let template = try await store.templateCatalog(connection: name).template(named: "abandoned_cart", language: "en")
                #expect(template?.status == "REJECTED", "\(name)")
                #expect(template?.category == "marketing", "\(name)")
                #expect(template?.reason?.hasPrefix("INVALID_FORMAT") == true, "\(name)")
            }
            #expect(try await store.templateCatalog(connection: "wa-other").templates.isEmpty)

            // Re-delivered: stored once, applied once.
            _ = try await Self.postFixture(client, "whatsapp-pywa-template_status_update-rejected.json")
            #expect(try await store.eventCount() == 1)
            #expect(try await store.templateCatalog(connection: "wa-1").templates.count == 1)
        }
    }

    @Test("without business_account_id the connection the webhook arrived on takes an account-level event")
    func arrivedOnConnection() async throws {
        let connection = Self.meta("wa", account: "106540352242922", waba: nil)
        try await withGateway([connection]) { client, store in
            let (status, text) = try await Self.postFixture(
                client, "whatsapp-restfb-phoneNumberQualityUpdate.json", path: "/webhooks/meta/wa")
            #expect(status == .ok, "\(text)")
            #expect(try await store.quarantined(limit: 10).isEmpty)
            let account = try await store.accountStatus(connection: "wa")
            #expect(account.messagingTier == "TIER_10K")
            #expect(account.quality == "FLAGGED")
        }
    }

    @Test("a connection of another business account never takes it: refused and quarantined as not owned")
    func anotherBusinessIsRefused() async throws {
        let connection = Self.meta("wa", account: "106540352242922", waba: "999999999999999")
        try await withGateway([connection]) { client, store in
            let (status, text) = try await Self.postFixture(client, "whatsapp-pywa-template_status_update-rejected.json")
            #expect(status == .unauthorized)
            #expect(text.hasPrefix(#"account_not_owned: the body names account "102290129340398""#))
            #expect(try await store.eventCount() == 0)
            #expect(try await store.templateCatalog(connection: "wa").templates.isEmpty)
            #expect(try await store.quarantined(limit: 10).count == 1)
        }
    }

    @Test("a message of the same webhook family still belongs to the phone number's connection")
    func messagesKeepTheirOwner() async throws {
        let first = Self.meta("wa-1", account: "111", waba: Self.waba)
        let second = Self.meta("wa-2", account: "222", waba: Self.waba)
        try await withGateway([first, second]) { client, store in
            let body = OwnershipFixture.whatsApp([(account: "222", id: "wamid.TWO")])
            let (status, _) = try await OwnershipFixture.post(
                client, "/webhooks/meta", headers: GatewayFixture.signedHeaders(body, secret: "secret-a"), body: body)
            #expect(status == .ok)
            #expect(
                try await OwnershipFixture.storedConnections(body, contentType: "application/json", decodedFor: first, store: store) == [
                    "wamid.TWO": "wa-2"
                ])
        }
    }
}
