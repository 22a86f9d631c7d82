import AdapterKit
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport

/// Delivers stored events to subscribers: canonical JSON, in order per subscriber and conversation, signed per
/// attempt with `X-Switchboard-Timestamp: <unix seconds>` and
/// `X-Switchboard-Signature-V2: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` (a receiver refuses a
/// replay by the timestamp), plus `X-Switchboard-Signature: sha256=<hex HMAC-SHA256(secret, body)>` over the body
/// alone for receivers that check only that (docs/operations.md "Verifying a delivery").
///
/// It is the subscriber outbox's workload on the ``OutboxWorker`` shell the dispatcher also runs on, and each
/// attempt goes through the same ``OutboxStateMachine``: a 2xx is delivered; anything else (another status, a
/// transport error, a timeout) is retried with full-jitter back-off, honouring the subscriber's `Retry-After`
/// (clamped to `delivery.max_backoff_ms`), with no limit on attempts until `delivery.give_up_after_ms` after the
/// event was stored (or redriven); then the delivery is parked as a dead letter and the conversation's later
/// events go on (docs/operations.md "Delivery to subscribers").
///
/// Each attempt persists its own outcome as soon as it is known, and each subscriber holds at most its share of
/// the `delivery.concurrency` slots, so a slow or failing subscriber never delays another. All state is in the
/// store's outbox, so a restart resumes where it stopped and a subscriber down for an hour loses nothing.
public struct SubscriberRouter: Service {
    let store: any DeliveryOutbox
    let subscribers: [String: SubscriberConfig]
    let transport: any HTTPTransport
    let settings: DeliverySettings
    let metrics: GatewayMetrics
    let logger: Logger
    let clock: WallClock
    let worker: OutboxWorker<Int64>

    public init(
        store: any DeliveryOutbox, changes: ChangeSignal?, subscribers: [SubscriberConfig], transport: any HTTPTransport,
        settings: DeliverySettings, metrics: GatewayMetrics, logger: Logger, clock: WallClock = WallClock()
    ) {
        self.store = store
        self.subscribers = Dictionary(subscribers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.transport = transport
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        let shares = Self.shares(concurrency: settings.concurrency, subscribers: self.subscribers.count)
        worker = OutboxWorker(
            settings: OutboxWorkerSettings(
                batchSize: shares.slots, concurrency: shares.slots, perShare: shares.perSubscriber,
                pollInterval: .milliseconds(settings.pollIntervalMilliseconds)),
            clock: clock, signal: changes ?? WakeSignal())
    }

    /// The slots (attempts in flight) and each subscriber's share of them: `delivery.concurrency`, raised to one
    /// slot per subscriber, split evenly. However many subscribers hang, the others keep their own slots.
    static func shares(concurrency: Int, subscribers: Int) -> (slots: Int, perSubscriber: Int) {
        let slots = max(1, concurrency, subscribers)
        return (slots, max(1, slots / max(1, subscribers)))
    }

    /// The retry rule of every delivery: unlimited attempts until the give-up age.
    var retryPolicy: RetryPolicy {
        RetryPolicy(
            maxAttempts: .max, baseDelay: .milliseconds(settings.initialBackoffMilliseconds),
            maxDelay: .milliseconds(settings.maxBackoffMilliseconds), giveUpAfter: .milliseconds(settings.giveUpAfterMilliseconds))
    }

    public func run() async throws {
        guard !subscribers.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.reportBacklog() }
            await worker.run(self, logger: logger)
            group.cancelAll()
        }
        logger.info("subscriber router stopped")
    }

    /// Records the outbox's size every poll interval, until cancelled.
    private func reportBacklog() async {
        while !Task.isCancelled {
            do {
                let backlog = try await store.deliveryBacklog(now: clock.now.timestamp)
                metrics.deliveryBacklog(pending: backlog.pending, oldestAgeMilliseconds: backlog.oldestAgeMilliseconds, dead: backlog.dead)
            } catch {
                logger.warning("router: could not read the delivery backlog", metadata: ["error.message": "\(error)"])
            }
            try? await Task.sleep(for: .milliseconds(settings.pollIntervalMilliseconds))
        }
    }

    /// The signed POST of one event to a subscriber, for an attempt at `now`.
    static func request(for delivery: PendingDelivery, subscriber: SubscriberConfig, at now: Timestamp) -> ProviderRequest {
        let body = Array(delivery.json.utf8)
        let timestamp = unixSeconds(now)
        return ProviderRequest(
            method: "POST", url: subscriber.url,
            headers: [
                HTTPField(name: "Content-Type", value: "application/json"),
                HTTPField(name: "X-Switchboard-Timestamp", value: timestamp),
                HTTPField(
                    name: "X-Switchboard-Signature-V2", value: signatureV2(timestamp: timestamp, body: body, secret: subscriber.secret)),
                HTTPField(name: "X-Switchboard-Signature", value: signature(body: body, secret: subscriber.secret)),
                HTTPField(name: "X-Switchboard-Event-Id", value: delivery.eventID),
                HTTPField(name: "X-Switchboard-Delivery-Attempt", value: String(delivery.attempts + 1)),
                HTTPField(name: "User-Agent", value: "switchboard"),
            ],
            body: body)
    }

    /// The `X-Switchboard-Timestamp` of an attempt at `now`: whole seconds since 1970-01-01T00:00:00Z.
    static func unixSeconds(_ now: Timestamp) -> String {
        let milliseconds = now.milliseconds
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        return String(seconds)
    }

    /// `sha256=<hex HMAC-SHA256(secret, body)>`.
    public static func signature(body: [UInt8], secret: Secret) -> String {
        "sha256=" + Signature.hex(Signature.hmac(.sha256, key: secret.value, message: body))
    }

    /// `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the signature that binds a delivery to its attempt's
    /// time, so a receiver can refuse one replayed later.
    public static func signatureV2(timestamp: String, body: [UInt8], secret: Secret) -> String {
        signature(body: Array(timestamp.utf8) + [UInt8(ascii: ".")] + body, secret: secret)
    }
}
