import AdapterKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardCurl
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardServer

/// The subscriber's side of a delivery's signatures (docs/operations.md "Verifying a delivery"): what a receiver
/// computes from its secret, the timestamp header and the raw body, and the replay window it allows.
enum SubscriberVerifier {
    /// How far a delivery's timestamp may be from the receiver's clock.
    static let tolerance: Int64 = 300

    /// Whether `delivery` carries a valid V2 signature with a timestamp within ``tolerance`` of `now` (unix seconds),
    /// and a valid body-only signature.
    static func verify(_ delivery: SubscriberInbox.Delivery, secret: String, now: Int64) -> Bool {
        guard let timestamp = delivery.timestamp, let seconds = Int64(timestamp), abs(now - seconds) <= tolerance,
            let v2 = delivery.signatureV2, let v1 = delivery.signature
        else { return false }
        let signed = Array(timestamp.utf8) + Array(".".utf8) + delivery.body
        let expectedV2 = "sha256=" + Signature.hex(Signature.hmac(.sha256, key: secret, message: signed))
        let expectedV1 = "sha256=" + Signature.hex(Signature.hmac(.sha256, key: secret, message: delivery.body))
        return Signature.constantTimeEquals(expectedV2, v2) && Signature.constantTimeEquals(expectedV1, v1)
    }
}

@Suite("Subscriber deliveries: a timestamp and a signature over timestamp and body, fresh per attempt")
struct SubscriberSignatureTests {
    static let secret = "crm-secret"

    static func delivery(attempts: Int = 0) -> PendingDelivery {
        PendingDelivery(
            id: 7, subscriber: "crm", conversation: "whatsapp:1:2", eventID: "evt_1", json: #"{"id":"evt_1","kind":"message"}"#,
            attempts: attempts, createdAt: Timestamp(seconds: 1_700_000_000))
    }

    static let subscriber = SubscriberConfig(name: "crm", url: "http://127.0.0.1:9/events", secret: Secret(secret))

    @Test("the request carries the attempt's unix seconds and HMAC-SHA256 of \"<timestamp>.<body>\" beside the body-only signature")
    func headers() throws {
        let request = SubscriberRouter.request(
            for: Self.delivery(), subscriber: Self.subscriber, at: Timestamp(milliseconds: 1_700_000_123_999))
        #expect(request.header("X-Switchboard-Timestamp") == "1700000123")
        let body = Array(Self.delivery().json.utf8)
        #expect(request.body == body)
        let v2 = "sha256=" + Signature.hex(Signature.hmac(.sha256, key: Self.secret, message: Array("1700000123.".utf8) + body))
        #expect(request.header("X-Switchboard-Signature-V2") == v2)
        // The same value from Python's hmac module (the receiver snippet in docs/operations.md).
        #expect(v2 == "sha256=c2c21bf35c8e882e36af35f1de16a1a952ad9bda3f612fa5fad7068fa247bfce")
        #expect(
            request.header("X-Switchboard-Signature") == "sha256=" + Signature.hex(Signature.hmac(.sha256, key: Self.secret, message: body))
        )
        let received = SubscriberInbox.Delivery(
            body: request.body, signature: request.header("X-Switchboard-Signature"), eventID: "evt_1",
            timestamp: request.header("X-Switchboard-Timestamp"), signatureV2: request.header("X-Switchboard-Signature-V2"))
        #expect(SubscriberVerifier.verify(received, secret: Self.secret, now: 1_700_000_123))
        #expect(!SubscriberVerifier.verify(received, secret: "another-secret", now: 1_700_000_123))
        // The receiver's replay window: the same request presented 5 minutes and a second later is refused.
        #expect(SubscriberVerifier.verify(received, secret: Self.secret, now: 1_700_000_123 + 300))
        #expect(!SubscriberVerifier.verify(received, secret: Self.secret, now: 1_700_000_123 + 301))
    }

    @Test("a replayed body under a fresh timestamp does not verify: the V2 signature binds the two")
    func timestampBound() throws {
        let request = SubscriberRouter.request(for: Self.delivery(), subscriber: Self.subscriber, at: Timestamp(seconds: 1_700_000_000))
        var replayed = SubscriberInbox.Delivery(
            body: request.body, signature: request.header("X-Switchboard-Signature"), eventID: "evt_1",
            timestamp: "1700009999", signatureV2: request.header("X-Switchboard-Signature-V2"))
        #expect(!SubscriberVerifier.verify(replayed, secret: Self.secret, now: 1_700_009_999))
        replayed.timestamp = "1700000000"
        #expect(SubscriberVerifier.verify(replayed, secret: Self.secret, now: 1_700_000_000))
        // Before 1970 (never produced in practice) the seconds still round down, as a receiver's integer division
        // of a negative millisecond count would not.
        #expect(SubscriberRouter.unixSeconds(Timestamp(milliseconds: -1)) == "-1")
        #expect(SubscriberRouter.unixSeconds(Timestamp(milliseconds: -1000)) == "-1")
        #expect(SubscriberRouter.unixSeconds(Timestamp(milliseconds: 999)) == "0")
    }

    @Test("over real HTTP: each attempt verifies on the receiver; a retry has the same body and a later timestamp and V2")
    func retrySignedAfresh() async throws {
        let directory = try GatewayFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Refuses the first attempt with Retry-After: 1, so the retry comes at least a second later.
        let inbox = SubscriberInbox(failures: 1, retryAfter: "1")
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let quietLogger = logger
        try await withLoopbackSubscriber(inbox) { url in
            var configuration = GatewayFixture.configuration(
                directory: directory, subscribers: [SubscriberConfig(name: "crm", url: url, secret: Secret(Self.secret))])
            configuration.delivery.maxBackoffMilliseconds = 2000
            let gateway = try buildApplication(configuration: configuration, transport: CurlTransport(), logger: quietLogger)
            try await gateway.application.test(.live) { client in
                let body = GatewayFixture.whatsAppBody(messageID: "wamid.SIGNED")
                try await client.execute(
                    uri: "/webhooks/meta/wa", method: .post, headers: GatewayFixture.signedHeaders(body), body: ByteBuffer(bytes: body)
                ) { #expect($0.status == .ok) }
                try await inbox.waitFor(1)
            }
        }
        let attempts = inbox.attempts
        try #require(attempts.count == 2)
        let now = Int64(Date().timeIntervalSince1970)
        for attempt in attempts {
            #expect(SubscriberVerifier.verify(attempt, secret: Self.secret, now: now), "attempt at \(attempt.timestamp ?? "none")")
        }
        let (first, retry) = (attempts[0], attempts[1])
        #expect(first.body == retry.body)
        #expect(first.signature == retry.signature)
        let firstSeconds = try #require(first.timestamp.flatMap { Int64($0) })
        let retrySeconds = try #require(retry.timestamp.flatMap { Int64($0) })
        #expect(retrySeconds > firstSeconds)
        #expect(first.signatureV2 != retry.signatureV2)
    }
}
