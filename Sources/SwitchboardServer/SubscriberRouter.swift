import AdapterKit
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardStore
import SwitchboardTransport

/// Delivers stored events to subscribers: canonical JSON, signed with
/// `X-Switchboard-Signature: sha256=<hex HMAC-SHA256(secret, body)>`, in order per conversation and
/// subscriber, retried with exponential backoff until a 2xx. All state is in the store's outbox, so
/// a restart resumes where it stopped and a subscriber down for an hour loses nothing.
public struct SubscriberRouter: Service {
    let store: any EventStore
    let changes: ChangeSignal?
    let subscribers: [String: SubscriberConfig]
    let transport: any HTTPTransport
    let settings: DeliverySettings
    let metrics: GatewayMetrics
    let logger: Logger

    public init(
        store: any EventStore, changes: ChangeSignal?, subscribers: [SubscriberConfig], transport: any HTTPTransport,
        settings: DeliverySettings, metrics: GatewayMetrics, logger: Logger
    ) {
        self.store = store
        self.changes = changes
        self.subscribers = Dictionary(subscribers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.transport = transport
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        guard !subscribers.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await self.loop()
        }
    }

    private func loop() async {
        let poll = Duration.milliseconds(settings.pollIntervalMilliseconds)
        while !Task.isCancelled {
            do {
                let now = Timestamp(Date())
                let backlog = try await store.deliveryBacklog(now: now)
                metrics.deliveryBacklog(pending: backlog.pending, oldestAgeMilliseconds: backlog.oldestAgeMilliseconds)
                let due = try await store.dueDeliveries(now: now, limit: settings.concurrency)
                if due.isEmpty {
                    if let changes { await changes.wait(timeout: poll) } else { try? await Task.sleep(for: poll) }
                    continue
                }
                let results = await withTaskGroup(of: DeliveryResult?.self) { group in
                    for delivery in due { group.addTask { await self.attempt(delivery) } }
                    var results: [DeliveryResult] = []
                    for await result in group { if let result { results.append(result) } }
                    return results
                }
                if Task.isCancelled { return }
                try await store.complete(results)
            } catch {
                logger.error("router: store failed", metadata: ["error.message": "\(error)"])
                try? await Task.sleep(for: poll)
            }
        }
    }

    /// One attempt; `nil` when cancelled by shutdown (the row stays pending, untouched).
    func attempt(_ delivery: PendingDelivery) async -> DeliveryResult? {
        guard let subscriber = subscribers[delivery.subscriber] else {
            // A subscriber removed from the configuration: park its rows far in the future.
            return DeliveryResult(
                deliveryID: delivery.id,
                outcome: .retry(
                    nextAttemptAt: Timestamp(milliseconds: Timestamp(Date()).milliseconds + settings.maxBackoffMilliseconds.int64),
                    error: "subscriber no longer configured"),
                at: Timestamp(Date()))
        }
        let request = Self.request(for: delivery, subscriber: subscriber)
        let options = TransportOptions(
            timeout: .milliseconds(settings.timeoutMilliseconds), connectTimeout: .milliseconds(min(settings.timeoutMilliseconds, 5000)),
            maxResponseBytes: 64 << 10)
        let failure: String
        do {
            let response = try await transport.send(request, options: options)
            if (200..<300).contains(response.status) {
                let now = Timestamp(Date())
                metrics.deliveryAttempt(subscriber: subscriber.name, outcome: "delivered")
                metrics.deliveryLag(subscriber: subscriber.name, milliseconds: now.milliseconds - delivery.createdAt.milliseconds)
                return DeliveryResult(deliveryID: delivery.id, outcome: .delivered, at: now)
            }
            failure = "HTTP \(response.status)"
        } catch {
            if Task.isCancelled || error.code == "cancelled" { return nil }
            failure = error.description
        }
        let now = Timestamp(Date())
        let backoff = DeliveryBackoff(
            initialMilliseconds: settings.initialBackoffMilliseconds.int64, maxMilliseconds: settings.maxBackoffMilliseconds.int64)
        let delay = backoff.delay(afterAttempts: delivery.attempts + 1)
        metrics.deliveryAttempt(subscriber: subscriber.name, outcome: "failed")
        logger.info(
            "delivery failed; will retry",
            metadata: [
                "switchboard.subscriber": .string(subscriber.name), "switchboard.event.id": .string(delivery.eventID),
                "switchboard.delivery.attempts": "\(delivery.attempts + 1)", "switchboard.delivery.retry_in_ms": "\(delay)",
                "error.message": .string(failure),
            ])
        return DeliveryResult(
            deliveryID: delivery.id, outcome: .retry(nextAttemptAt: Timestamp(milliseconds: now.milliseconds + delay), error: failure),
            at: now)
    }

    /// The signed POST of one event to a subscriber.
    static func request(for delivery: PendingDelivery, subscriber: SubscriberConfig) -> ProviderRequest {
        let body = Array(delivery.json.utf8)
        return ProviderRequest(
            method: "POST", url: subscriber.url,
            headers: [
                HTTPField(name: "Content-Type", value: "application/json"),
                HTTPField(name: "X-Switchboard-Signature", value: signature(body: body, secret: subscriber.secret)),
                HTTPField(name: "X-Switchboard-Event-Id", value: delivery.eventID),
                HTTPField(name: "X-Switchboard-Delivery-Attempt", value: String(delivery.attempts + 1)),
                HTTPField(name: "User-Agent", value: "switchboard"),
            ],
            body: body)
    }

    /// `sha256=<hex HMAC-SHA256(secret, body)>`.
    public static func signature(body: [UInt8], secret: Secret) -> String {
        "sha256=" + Signature.hex(Signature.hmac(.sha256, key: secret.value, message: body))
    }
}

extension Int {
    fileprivate var int64: Int64 { Int64(self) }
}
