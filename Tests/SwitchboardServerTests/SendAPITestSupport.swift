import AdapterKit
import Foundation
import HTTPTypes
import Logging
import SwitchboardCore
import SwitchboardQueue
import SwitchboardServer
import SwitchboardStore
import TestSupport

/// Builders for the send API tests: a gateway with one WhatsApp connection pointed at a fake Graph API,
/// two API keys (one scoped elsewhere), fast dispatcher settings.
enum SendAPIFixture {
    static let account = "106540352242922"
    static let appSecret = "send-test-app-secret"
    static let key = "agent-key-1"
    static let otherKey = "agent-key-elsewhere"

    static func configuration(directory: URL) -> GatewayConfiguration {
        GatewayConfiguration(
            host: "127.0.0.1", port: 0,
            store: StoreSettings(sqlitePath: directory.appendingPathComponent("data/switchboard.db").path),
            connections: [
                ConnectionConfig(
                    name: "wa", provider: .meta, channel: .whatsapp, account: account,
                    secrets: ["app_secret": Secret(appSecret), "access_token": "graph-token"], baseURL: "http://127.0.0.1:9")
            ],
            apiKeys: [APIKeyConfig(key: Secret(key), connections: ["wa"]), APIKeyConfig(key: Secret(otherKey), connections: ["other"])])
    }

    static func settings() -> SendSettings {
        SendSettings(
            dispatcher: DispatcherSettings(
                pollInterval: .milliseconds(50),
                retryPolicy: RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40)),
                connectionLimits: ["wa": ConnectionRateLimits(connection: RateLimit(1000, burst: 100))]))
    }

    static func gateway(provider: FakeGraphProvider) throws -> Gateway {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-send-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "test.send")
        logger.logLevel = .error
        return try buildApplication(
            configuration: configuration(directory: directory), transport: provider, logger: logger, sending: settings())
    }

    /// Stores an inbound WhatsApp message from `contact` now (opens the 24 h window).
    static func openWindow(_ store: any GatewayStore, contact: String = "16505551234") async throws {
        var event = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: account, timestamp: Timestamp(Date()),
            contact: Contact(id: contact), providerMessageID: "wamid.IN\(UUID().uuidString)",
            content: MessageContent(type: .text, text: "hi"))
        event.assignID(key: event.providerMessageID ?? "")
        _ = try await store.append([EventRecord(event: event, connection: "wa")], receivedAt: Timestamp(Date()))
    }

    static func text(_ text: String, contact: String = "16505551234") -> [UInt8] {
        Array(#"{"conversation":"whatsapp:\#(account):\#(contact)","content":{"type":"text","text":"\#(text)"}}"#.utf8)
    }

    static func headers(key: String? = SendAPIFixture.key, idempotencyKey: String? = nil) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        if let key { fields[.authorization] = "Bearer \(key)" }
        if let idempotencyKey { fields[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return fields
    }

    /// A signed WhatsApp status webhook for `providerID`.
    static func statusWebhook(providerID: String, status: String, timestamp: Int, contact: String = "16505551234") -> (HTTPFields, [UInt8])
    {
        let body = Array(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\(account)"},"statuses":[{"id":"\(providerID)","status":"\(status)","timestamp":"\(timestamp)","recipient_id":"\(contact)"}]}}]}]}
            """.utf8)
        return (.signedWebhook(body, connection: ConnectionConfig(provider: .meta, secrets: ["app_secret": Secret(appSecret)])), body)
    }
}
