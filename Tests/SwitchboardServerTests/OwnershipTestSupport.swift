import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// Builders for the tests of which connection a webhook's events belong to and of what kept requests hold.
enum OwnershipFixture {
    static let apiKey = "ops-key"
    static let publicURL = "https://gw.example"
    static let contact = "16505551234"

    /// A gateway configuration with these connections, an unscoped API key and a fixed public URL (what Twilio signs).
    static func configuration(directory: URL, connections: [ConnectionConfig]) -> GatewayConfiguration {
        var configuration = GatewayFixture.configuration(directory: directory)
        configuration.connections = connections
        configuration.apiKeys = [APIKeyConfig(key: Secret(apiKey))]
        configuration.publicURL = publicURL
        return configuration
    }

    /// A Meta WhatsApp connection for `account`.
    static func meta(_ name: String, account: String, appSecret: String, verifyToken: String = "verify") -> ConnectionConfig {
        ConnectionConfig(
            name: name, provider: .meta, channel: .whatsapp, account: account,
            secrets: ["app_secret": Secret(appSecret), "verify_token": Secret(verifyToken)])
    }

    /// A WhatsApp Cloud API webhook with one entry per `(phone_number_id, message id)`, each one text message.
    static func whatsApp(_ messages: [(account: String, id: String)]) -> [UInt8] {
        let entries = messages.map { message in
            #"{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\#(message.account)"},"contacts":[{"profile":{"name":"Ann"},"wa_id":"\#(contact)"}],"messages":[{"from":"\#(contact)","id":"\#(message.id)","timestamp":"1714564800","type":"text","text":{"body":"hello"}}]}}]}"#
        }
        return Array(#"{"object":"whatsapp_business_account","entry":[\#(entries.joined(separator: ","))]}"#.utf8)
    }

    /// A Twilio inbound SMS form to `to`.
    static func twilioSMS(sid: String, to: String, from: String = "+15551234567") -> [UInt8] {
        Array(FormBody.encode([("MessageSid", sid), ("From", from), ("To", to), ("Body", "hello"), ("NumMedia", "0")]).utf8)
    }

    /// An RFC 5322 message to `to`.
    static func email(to: String, messageID: String) -> [UInt8] {
        Array(
            """
            From: Ann <ann@customer.example>\r
            To: \(to)\r
            Subject: Hello\r
            Date: Wed, 01 May 2024 12:00:00 +0000\r
            Message-ID: <\(messageID)>\r
            \r
            Hello there.\r

            """.utf8)
    }

    /// The headers `connection`'s provider signs `body` with, for a request to `path` (and its query) on the gateway.
    static func signed(
        _ body: [UInt8], path: String, contentType: String, connection: ConnectionConfig, method: String = "POST"
    ) -> HTTPFields {
        let request = InboundRequest(
            method: method, url: publicURL + path, headers: [SwitchboardCore.HTTPField(name: "Content-Type", value: contentType)],
            body: body)
        return HTTPFields(WebhookSigner.sign(request, connection: connection).headers)
    }

    /// POSTs `body` to `path` with `headers`; the status and the answer's text (without its final newline).
    static func post(
        _ client: any TestClientProtocol, _ path: String, headers: HTTPFields, body: [UInt8]
    ) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
            ($0.status, String(String(buffer: $0.body).trimmingSuffix("\n")))
        }
    }

    /// The connection each event `body` decodes to (for `connection`'s context) was stored under, by provider message
    /// id; events not stored are missing.
    static func storedConnections(
        _ body: [UInt8], contentType: String, decodedFor connection: ConnectionConfig, store: any EventLog
    ) async throws -> [String: String] {
        let adapter = try #require(StandardAdapters.registry.adapter(for: connection.provider))
        let events = try adapter.decode(
            InboundRequest(body: body, contentType: contentType), context: DecodeContext(connection: connection))
        var stored: [String: String] = [:]
        for event in events {
            if let row = try await store.event(id: event.id) { stored[event.providerMessageID ?? event.id] = row.connection }
        }
        return stored
    }

    /// The bearer headers of the unscoped API key.
    static var bearer: HTTPFields { [.authorization: "Bearer \(apiKey)"] }
}

extension String {
    /// The text without one trailing `suffix`.
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring { hasSuffix(suffix) ? dropLast(suffix.count) : Substring(self) }
}
