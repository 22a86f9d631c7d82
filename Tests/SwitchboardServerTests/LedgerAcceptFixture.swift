import AdapterKit
import Foundation
import Logging
import SwitchboardCore
import SwitchboardCurl
import SwitchboardLedger
import SwitchboardPolicy
import SwitchboardQueue
import SwitchboardServer
import SwitchboardStore
import SwitchboardTransport
import TestSupport

/// A gateway whose sends go through the ledger: a prepaid WhatsApp connection `wa` (the default price table:
/// a marketing template costs 0.025 USD) and an Instagram connection `ig`, on a real SQLite file, the dispatcher
/// off (accepted messages stay queued with their holds). Requests go over real HTTP with libcurl, so concurrent
/// sends are concurrent connections.
enum LedgerAcceptFixture {
    static let whatsappAccount = "106540352242922"
    static let instagramAccount = "17841400000000000"
    static let key = "ledger-agent-key"
    static let marketingPrice = Money(decimalString: "0.025")!

    static func settings(balance: Money?) -> SendSettings {
        SendSettings(
            accounts: [
                "wa": AccountSettings(
                    prepaidBalance: balance, templates: [ApprovedTemplate(name: "promo", category: "marketing", languages: ["en_US"])])
            ],
            dispatcherEnabled: false)
    }

    static func connections() -> [ConnectionConfig] {
        [
            ConnectionConfig(
                name: "wa", provider: .meta, channel: .whatsapp, account: whatsappAccount,
                secrets: ["app_secret": "ledger-app-secret", "access_token": "graph-token"], baseURL: "http://127.0.0.1:9"),
            ConnectionConfig(
                name: "ig", provider: .meta, channel: .instagram, account: instagramAccount,
                secrets: ["app_secret": "ledger-app-secret", "access_token": "graph-token"], baseURL: "http://127.0.0.1:9"),
        ]
    }

    static func configuration(directory: URL, store: StoreSettings? = nil) -> GatewayConfiguration {
        GatewayConfiguration(
            host: "127.0.0.1", port: 0,
            store: store ?? StoreSettings(sqlitePath: directory.appendingPathComponent("switchboard.db").path, synchronous: .normal),
            connections: connections(), apiKeys: [APIKeyConfig(key: Secret(key))])
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static var logger: Logger {
        var logger = Logger(label: "test.ledger-accept")
        logger.logLevel = .error
        return logger
    }

    /// A gateway on a new SQLite file.
    static func gateway(balance: Money?) throws -> Gateway {
        try buildApplication(
            configuration: configuration(directory: temporaryDirectory()), transport: FakeGraphProvider(), logger: logger,
            sending: settings(balance: balance))
    }

    // MARK: Bodies

    static func template(to contact: String) -> [UInt8] {
        Array(
            #"{"conversation":"whatsapp:\#(whatsappAccount):\#(contact)","content":{"type":"template","template":{"name":"promo","language":"en_US"}}}"#
                .utf8)
    }

    static func text(to contact: String, _ text: String = "hello") -> [UInt8] {
        Array(#"{"conversation":"whatsapp:\#(whatsappAccount):\#(contact)","content":{"type":"text","text":"\#(text)"}}"#.utf8)
    }

    static func document(to contact: String, bytes: Int64) -> [UInt8] {
        Array(
            #"{"conversation":"whatsapp:\#(whatsappAccount):\#(contact)","content":{"type":"media","attachments":[{"kind":"document","mime_type":"application/pdf","url":"https://files.example.com/report.pdf","size":\#(bytes)}]}}"#
                .utf8)
    }

    static func privateReply(to contact: String, comment: String) -> [UInt8] {
        Array(
            #"{"conversation":"instagram:\#(instagramAccount):\#(contact)","comment_id":"\#(comment)","content":{"type":"text","text":"thanks, details in DM"}}"#
                .utf8)
    }

    // MARK: Inbound events

    /// Stores an inbound WhatsApp message from `contact` at `at` (opens the 24 h window), with a click-to-WhatsApp
    /// ad referral when `referral` is set.
    static func inboundWhatsApp(_ store: any GatewayStore, contact: String, at: Timestamp = Timestamp(Date()), referral: Bool = false)
        async throws
    {
        var event = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: whatsappAccount, timestamp: at, contact: Contact(id: contact),
            providerMessageID: "wamid.IN\(UUID().uuidString)", content: MessageContent(type: .text, text: "hi"))
        if referral { event.referral = Referral(sourceType: "ad", sourceID: "ad-42") }
        event.assignID(key: event.providerMessageID ?? "")
        _ = try await store.append([EventRecord(event: event, connection: "wa")], receivedAt: at)
    }

    /// Stores an Instagram comment `comment` by `contact`, written now.
    static func inboundComment(_ store: any GatewayStore, contact: String, comment: String) async throws {
        let now = Timestamp(Date())
        var event = CanonicalEvent(
            kind: .message, channel: .instagram, provider: .meta, account: instagramAccount, timestamp: now, contact: Contact(id: contact),
            providerMessageID: comment,
            content: MessageContent(type: .comment, text: "how much?", comment: CommentReference(id: comment, postID: "post-1")))
        event.assignID(key: comment)
        _ = try await store.append([EventRecord(event: event, connection: "ig")], receivedAt: now)
    }

    // MARK: HTTP

    /// One answer: its status and JSON body.
    struct Answer: Sendable {
        var status: Int
        var json: JSONValue
    }

    /// `POST path` with `body` to the gateway on `port`, through libcurl.
    static func post(_ transport: CurlTransport, port: Int, path: String = "/v1/messages", body: [UInt8]) async throws -> Answer {
        let response = try await transport.send(
            ProviderRequest(
                url: "http://127.0.0.1:\(port)\(path)",
                headers: [
                    HTTPField(name: "Authorization", value: "Bearer \(key)"), HTTPField(name: "Content-Type", value: "application/json"),
                ],
                body: body),
            options: TransportOptions(timeout: .seconds(30), connectTimeout: .seconds(5)))
        return Answer(status: response.status, json: (try? JSONParser.parse(response.body)) ?? .null)
    }
}
