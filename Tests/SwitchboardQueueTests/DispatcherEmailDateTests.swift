import AdapterKit
import Foundation
import Logging
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport
import TestSupport
import Testing

/// An SMTP server stand-in: keeps every request and answers `250 OK`.
private actor CapturingSMTP: HTTPTransport {
    var requests: [ProviderRequest] = []

    func send(_ request: ProviderRequest, options: TransportOptions) async throws(TransportError) -> ProviderResponse {
        requests.append(request)
        return ProviderResponse(status: 250, body: Array("2.0.0 OK queued".utf8))
    }
}

@Suite("Dispatcher: email gets its Date header at send time")
struct DispatcherEmailDateTests {
    @Test("an email without a date is stamped by the dispatcher with the send time, once, at the top of the message")
    func stampsDate() async throws {
        let folder = NSTemporaryDirectory() + "dispatch-email-\(UUID().uuidString)"
        let store = try SQLiteEventStore(path: folder + "/switchboard.db")
        let connection = ConnectionConfig(
            name: "mail", provider: .email, channel: .email, account: "support@example.com", baseURL: "smtp://127.0.0.1:2525",
            options: ["from": "Support <support@example.com>", "require_tls": "false"])
        let message = try OutboundMessage(
            json: JSONParser.parse(
                Array(
                    #"{"conversation":"email:support@example.com:jane@customer.example","email":{"subject":"Hello"},"content":{"type":"text","text":"Hi Jane"}}"#
                        .utf8)))
        let adapter = try #require(StandardAdapters.registry.adapter(for: .email))
        let encoded = try adapter.encode(message, connection: connection)
        #expect(!String(decoding: encoded.body, as: UTF8.self).lowercased().contains("\r\ndate:"))
        #expect(!String(decoding: encoded.body, as: UTF8.self).lowercased().hasPrefix("date:"))

        let queuedAt = Timestamp(Date())
        _ = try await store.enqueueOutbound(
            NewOutboundMessage(
                id: "msg_email000000000000000001", connection: "mail", conversation: message.conversation, recipient: message.to,
                apiKeyID: "k", idempotencyKey: nil, requestHash: "h", businessInitiated: false, message: message.json, decision: .null,
                createdAt: queuedAt))
        let smtp = CapturingSMTP()
        var logger = Logger(label: "test.dispatcher")
        logger.logLevel = .error
        let dispatcher = Dispatcher(
            store: store, transport: smtp, registry: StandardAdapters.registry, connections: [connection],
            settings: DispatcherSettings(pollInterval: .milliseconds(20)), logger: logger)
        let task = Task { try await dispatcher.run() }
        defer { task.cancel() }
        try await eventually("the email is sent", timeout: .seconds(20)) {
            try await store.outboundMessage(id: "msg_email000000000000000001")?.state == .sent
        }
        task.cancel()
        _ = await task.result
        #expect(try await store.outboundMessage(id: "msg_email000000000000000001")?.state == .sent)

        let sent = try #require(await smtp.requests.first)
        let text = String(decoding: sent.body, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(head.first?.hasPrefix("Date: ") == true)
        #expect(head.filter { $0.lowercased().hasPrefix("date:") }.count == 1)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let stamped = try #require(formatter.date(from: String(head[0].dropFirst("Date: ".count))))
        #expect(abs(stamped.timeIntervalSince1970 - Double(queuedAt.milliseconds) / 1000) < 60)
        #expect(sent.annotations["date"] == nil)
        await store.close()
    }
}
