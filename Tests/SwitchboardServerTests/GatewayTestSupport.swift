import AdapterKit
import Foundation
import HTTPTypes
import SwitchboardCore
import SwitchboardServer

/// Builders shared by the gateway tests.
enum GatewayFixture {
    static let appSecret = "test-app-secret"
    static let account = "106540352242922"

    /// A gateway configuration on 127.0.0.1 port 0 with its SQLite file in `directory`.
    static func configuration(directory: URL, subscribers: [SubscriberConfig] = [], maxBodyBytes: Int = 64 << 10) -> GatewayConfiguration {
        GatewayConfiguration(
            host: "127.0.0.1", port: 0,
            store: StoreSettings(sqlitePath: directory.appendingPathComponent("data/switchboard.db").path),
            connections: [
                ConnectionConfig(
                    name: "wa", provider: .meta, channel: .whatsapp, account: account,
                    secrets: ["app_secret": Secret(appSecret), "verify_token": "verify-me"])
            ],
            subscribers: subscribers, limits: Limits(maxBodyBytes: maxBodyBytes),
            delivery: DeliverySettings(
                initialBackoffMilliseconds: 50, maxBackoffMilliseconds: 200, timeoutMilliseconds: 2000, concurrency: 8,
                pollIntervalMilliseconds: 50))
    }

    /// A WhatsApp Cloud API webhook with one text message.
    static func whatsAppBody(messageID: String, contact: String = "16505551234", text: String = "hello") -> [UInt8] {
        Array(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\(account)"},"contacts":[{"profile":{"name":"Ann"},"wa_id":"\(contact)"}],"messages":[{"from":"\(contact)","id":"\(messageID)","timestamp":"1714564800","type":"text","text":{"body":"\(text)"}}]}}]}]}
            """.utf8)
    }

    /// A WhatsApp webhook with one text message per id, in order (`whatsAppBody(messageID:)` for one).
    static func whatsAppBody(messageIDs: [String]) -> [UInt8] {
        let template = String(decoding: whatsAppBody(messageID: messageIDs.last ?? ""), as: UTF8.self)
        let earlier = messageIDs.dropLast().map {
            #"{"from":"16505551234","id":"\#($0)","timestamp":"1714564800","type":"text","text":{"body":"a"}},"#
        }
        return Array(template.replacingOccurrences(of: #""messages":["#, with: #""messages":["# + earlier.joined()).utf8)
    }

    /// Headers with a valid `X-Hub-Signature-256` for `body`.
    static func signedHeaders(_ body: [UInt8], secret: String = appSecret) -> HTTPFields {
        .signedWebhook(body, connection: ConnectionConfig(provider: .meta, secrets: ["app_secret": Secret(secret)]))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension ConfigurationLoader {
    /// A loader whose secrets come from `environment` and the in-memory `files` (a missing file fails with `enoent`).
    static func reading(environment: [String: String], files: [String: String], knownProviders: Set<Provider>) -> ConfigurationLoader {
        ConfigurationLoader(
            secrets: SecretSource(
                environment: environment,
                readFile: { path in
                    guard let text = files[path] else { throw SwitchboardError(code: "enoent", message: path) }
                    return text
                }), knownProviders: knownProviders)
    }
}

extension ConfigurationLoader {
    /// The problems `yaml` is refused with (their descriptions), or none when it loads.
    func problems(in yaml: String) -> [String] {
        do {
            _ = try load(yaml: yaml)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }
}
