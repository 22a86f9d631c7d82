import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import TestSupport
import Testing

/// The gateway checks a webhook's signed time against its own clock (injected here, so time moves without waiting):
/// a captured genuine request is accepted fresh and refused (401) when replayed past `limits.clock_skew_ms`; and a
/// connection with no webhook check refuses unsigned requests unless it says `insecure_accept_unsigned: true`.
@Suite("Webhook signatures against the server clock")
struct WebhookClockTests {
    let logger = Logger(label: "test")
    static let account = "447700900000"
    static let start = Timestamp(seconds: 1_714_564_800)

    static func configuration(directory: URL, connections: [ConnectionConfig], skew: Int64? = nil) -> GatewayConfiguration {
        var limits = Limits()
        if let skew { limits.clockSkewMilliseconds = skew }
        return GatewayConfiguration(
            host: "127.0.0.1", port: 0,
            store: StoreSettings(sqlitePath: directory.appendingPathComponent("data/switchboard.db").path),
            connections: connections, limits: limits)
    }

    static let vonage = ConnectionConfig(
        name: "sms", provider: .vonage, channel: .sms, account: account, secrets: ["signature_secret": "vonage-signature-secret"])

    static func vonageBody(_ id: String) -> [UInt8] {
        Array(
            (#"{"channel":"sms","message_uuid":"\#(id)","to":"\#(account)","from":"447700900001","#
                + #""timestamp":"2024-05-01T12:00:00.000Z","message_type":"text","text":"hi"}"#).utf8)
    }

    @Test("a captured Vonage request: 200 fresh, 401 naming iat when replayed 6 minutes later; 5 minutes is still inside the skew")
    func replayedSixMinutesLaterIsRefused() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = Locked(Self.start)
        let gateway = try buildApplication(
            configuration: Self.configuration(directory: directory, connections: [Self.vonage]), transport: NoTransport(), logger: logger,
            webhookClock: { clock.withLock { $0 } })
        let store = gateway.store
        let body = Self.vonageBody("aaaaaaaa-0000-4000-8000-000000000001")
        let captured = HTTPFields(WebhookSigner.headers(for: body, connection: Self.vonage, at: Self.start))
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/webhooks/vonage/sms", method: .post, headers: captured, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .ok)
            }
            clock.withLock { $0 = Timestamp(milliseconds: Self.start.milliseconds + 360_000) }
            try await client.execute(uri: "/webhooks/vonage/sms", method: .post, headers: captured, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .unauthorized)
                #expect(String(buffer: $0.body).contains("claim iat is 360 s before receipt"))
            }
            // Another request signed exactly 5 minutes before receipt: accepted (the bound is inside the window).
            let other = Self.vonageBody("aaaaaaaa-0000-4000-8000-000000000002")
            let late = HTTPFields(
                WebhookSigner.headers(for: other, connection: Self.vonage, at: Timestamp(milliseconds: Self.start.milliseconds + 60_000)))
            try await client.execute(uri: "/webhooks/vonage/sms", method: .post, headers: late, body: ByteBuffer(bytes: other)) {
                #expect($0.status == .ok)
            }
            #expect(try await store.eventCount() == 2)
        }
    }

    @Test("limits.clock_skew_ms narrows the window: with 60 s, a request signed 61 s before receipt is refused")
    func configuredSkew() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Timestamp(milliseconds: Self.start.milliseconds + 61_000)
        let gateway = try buildApplication(
            configuration: Self.configuration(directory: directory, connections: [Self.vonage], skew: 60_000), transport: NoTransport(),
            logger: logger, webhookClock: { now })
        let body = Self.vonageBody("aaaaaaaa-0000-4000-8000-000000000003")
        let stale = HTTPFields(WebhookSigner.headers(for: body, connection: Self.vonage, at: Self.start))
        let fresh = HTTPFields(WebhookSigner.headers(for: body, connection: Self.vonage, at: now))
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/webhooks/vonage/sms", method: .post, headers: stale, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/webhooks/vonage/sms", method: .post, headers: fresh, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("a 360dialog or email connection with no check: 401 for an unsigned request; 200 with insecure_accept_unsigned")
    func unsignedRequestsNeedTheFlag() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var open360 = ConnectionConfig(name: "d360-open", provider: .dialog360, channel: .whatsapp, account: "106540352242922")
        let closed360 = ConnectionConfig(name: "d360-closed", provider: .dialog360, channel: .whatsapp, account: "106540352242922")
        var openMail = ConnectionConfig(name: "mail-open", provider: .email, channel: .email, account: "support@example.com")
        let closedMail = ConnectionConfig(name: "mail-closed", provider: .email, channel: .email, account: "support@example.com")
        open360.insecureAcceptUnsigned = true
        openMail.insecureAcceptUnsigned = true
        let gateway = try buildApplication(
            configuration: Self.configuration(directory: directory, connections: [open360, closed360, openMail, closedMail]),
            transport: NoTransport(), logger: logger)
        let whatsApp = GatewayFixture.whatsAppBody(messageID: "wamid.UNSIGNED1")
        let mail = Array(
            "From: Ann <ann@example.org>\r\nTo: support@example.com\r\nMessage-ID: <unsigned-1@example.org>\r\nSubject: hi\r\n\r\nhello\r\n"
                .utf8)
        let json: HTTPFields = [.contentType: "application/json"]
        let rfc822: HTTPFields = [.contentType: "message/rfc822"]
        try await gateway.application.test(.router) { client in
            for (path, headers, body, status) in [
                ("/webhooks/360dialog/d360-closed", json, whatsApp, HTTPResponse.Status.unauthorized),
                ("/webhooks/360dialog/d360-open", json, whatsApp, .ok),
                ("/webhooks/email/mail-closed", rfc822, mail, .unauthorized),
                ("/webhooks/email/mail-open", rfc822, mail, .ok),
            ] {
                try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == status, "\(path)")
                    if status == .unauthorized { #expect(String(buffer: response.body).contains("no webhook check configured")) }
                }
            }
        }
    }
}
