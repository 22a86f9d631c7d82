import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardLedger
import SwitchboardServer
import SwitchboardTransport
import TestSupport

/// A gateway for the account API tests, on a real SQLite file behind the real HTTP server: a prepaid WhatsApp
/// connection `wa` (opening balance 1.00 USD, low threshold 0.50, tier 2K, contact cap 1000), a Telegram
/// connection `tg` that is not prepaid, and three keys: unscoped, scoped to `wa`, scoped elsewhere.
enum AccountAPIFixture {
    static let account = "106540352242922"
    static let opsKey = "ops-key"
    static let waKey = "wa-key"
    static let otherKey = "other-key"
    static let conversation = "whatsapp:\(account):16505551234"

    /// The gateway; `providerURL` and `transport` point `wa` at a provider (with a business account id, so its
    /// template catalog can be read); `adjust` changes the configuration last.
    static func gateway(
        providerURL: String? = nil, transport: any HTTPTransport = FakeGraphProvider(),
        adjust: (inout GatewayConfiguration) -> Void = { _ in }
    ) throws -> Gateway {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-account-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = GatewayConfiguration(
            host: "127.0.0.1", port: 0,
            store: StoreSettings(sqlitePath: directory.appendingPathComponent("data/switchboard.db").path),
            connections: [
                ConnectionConfig(
                    name: "wa", provider: .meta, channel: .whatsapp, account: account,
                    secrets: ["app_secret": "account-test-secret", "access_token": "graph-token"],
                    baseURL: providerURL ?? "http://127.0.0.1:9",
                    options: providerURL == nil ? [:] : ["business_account_id": "102290129340398"]),
                ConnectionConfig(name: "tg", provider: .telegram, channel: .telegram, account: "demo_bot", secrets: ["bot_token": "1:x"]),
            ],
            apiKeys: [
                APIKeyConfig(key: Secret(opsKey)), APIKeyConfig(key: Secret(waKey), connections: ["wa"]),
                APIKeyConfig(key: Secret(otherKey), connections: ["other"]),
            ])
        let sending = SendSettings(
            accounts: [
                "wa": AccountSettings(
                    prepaidBalance: Money(decimalString: "1.00"), lowBalance: Money(decimalString: "0.50"), currency: "USD",
                    contactCap: 1000,
                    messagingTier: .tier2K)
            ],
            dispatcherEnabled: false)
        configuration.sending = sending
        configuration.templates.syncIntervalMilliseconds = 0
        adjust(&configuration)
        var logger = Logger(label: "test.account")
        logger.logLevel = .error
        return try buildApplication(configuration: configuration, transport: transport, logger: logger, sending: sending)
    }

    static func headers(_ key: String?, json: Bool = true, idempotencyKey: String? = nil) -> HTTPFields {
        var fields = HTTPFields()
        if json { fields[.contentType] = "application/json" }
        if let key { fields[.authorization] = "Bearer \(key)" }
        if let idempotencyKey { fields[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return fields
    }

    /// The actor the ledger records for `key`: `api:` and the first 16 hex digits of the key's SHA-256.
    static func actor(_ key: String) -> String {
        "api:" + String(Signature.hex(Signature.digest(.sha256, Array(key.utf8))).prefix(16))
    }

    /// Sends a request and returns the status and the JSON answer.
    static func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String? = opsKey, body: String? = nil,
        idempotencyKey: String? = nil, contentType: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: JSONValue) {
        var headers = Self.headers(key, json: body != nil && contentType == nil, idempotencyKey: idempotencyKey)
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { response in
            (response.status, (try? JSONParser.parse(Array(response.body.readableBytesView))) ?? .null)
        }
    }
}
