import AdapterKit
import Logging
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport

/// The subscriber outbox as the ``OutboxWorker``'s workload: due heads of (subscriber, conversation), one slot
/// share per subscriber, one attempt and one durable write per delivery.
extension SubscriberRouter: OutboxWorkload {
    public func id(of delivery: PendingDelivery) -> Int64 { delivery.id }

    public func share(of delivery: PendingDelivery) -> String? { delivery.subscriber }

    public func due(now: WallClock.Instant, limit: Int, claims: OutboxClaims<Int64>) async throws -> OutboxDue<PendingDelivery> {
        let due = try await store.dueDeliveries(
            now: now.timestamp, limit: limit, excluding: claims.ids, excludingSubscribers: claims.fullShares)
        return OutboxDue(items: due)
    }

    public func start(_ delivery: PendingDelivery, now: WallClock.Instant) -> OutboxStart {
        var machine = machine(for: delivery)
        guard case .send = machine.handle(.claimed(at: now)) else { return .skip }
        let claimed = machine
        return .run { await self.attempt(delivery, machine: claimed) }
    }

    /// The state machine positioned where a due delivery is: due by the store's word, with its attempts so far and
    /// its give-up age counted from its creation or last redrive.
    func machine(for delivery: PendingDelivery) -> OutboxStateMachine<WallClock> {
        OutboxStateMachine(
            state: .queued, attempts: delivery.attempts, retryPolicy: retryPolicy, lease: .milliseconds(settings.timeoutMilliseconds),
            retryingSince: WallClock.Instant(delivery.retryingSince))
    }

    /// One attempt and its outcome, persisted; nothing when cancelled (the row stays pending, untouched).
    func attempt(_ delivery: PendingDelivery, machine: OutboxStateMachine<WallClock>) async {
        guard let outcome = await post(delivery) else { return }
        var machine = machine
        let now = clock.now
        let action = machine.handle(.outcome(outcome, at: now))
        guard let result = Self.result(of: action, for: delivery, at: now.timestamp) else { return }
        record(result, for: delivery, attempts: machine.attempts)
        do {
            try await store.complete([result])
        } catch {
            // Not lost: the row stays pending and due, so it is attempted again (at-least-once).
            logger.error(
                "router: could not record a delivery outcome",
                metadata: ["switchboard.delivery": "\(delivery.id)", "error.message": "\(error)"])
        }
    }

    /// Posts the event; a 2xx is `sent`, anything else `retry` with the subscriber's `Retry-After`. `nil` when cancelled.
    func post(_ delivery: PendingDelivery) async -> DeliveryOutcome? {
        guard let subscriber = subscribers[delivery.subscriber] else {
            // A subscriber removed from the configuration: retried at the longest back-off until the give-up age parks it.
            return .retry(
                after: Double(settings.maxBackoffMilliseconds) / 1000,
                failure: DeliveryFailure(category: .temporary, message: "subscriber no longer configured"))
        }
        let options = TransportOptions(
            timeout: .milliseconds(settings.timeoutMilliseconds), connectTimeout: .milliseconds(min(settings.timeoutMilliseconds, 5000)),
            maxResponseBytes: 64 << 10)
        do {
            let request = Self.request(for: delivery, subscriber: subscriber, at: clock.now.timestamp)
            let response = try await transport.send(request, options: options)
            if (200..<300).contains(response.status) { return .sent(providerMessageID: nil) }
            return .retry(
                after: RetryAfter.seconds(response),
                failure: DeliveryFailure(category: .temporary, providerCode: String(response.status), message: "HTTP \(response.status)"))
        } catch {
            if Task.isCancelled || error.code == .cancelled { return nil }
            return .retry(after: nil, failure: DeliveryFailure(category: .temporary, message: error.description))
        }
    }

    /// What the store records for the machine's `action`; `nil` for none.
    static func result(of action: OutboxStateMachine<WallClock>.Action, for delivery: PendingDelivery, at now: Timestamp)
        -> DeliveryResult?
    {
        switch action {
        case .markSent:
            return DeliveryResult(deliveryID: delivery.id, outcome: .delivered, at: now)
        case .scheduleRetry(let until, let failure):
            return DeliveryResult(deliveryID: delivery.id, outcome: .retry(nextAttemptAt: until.timestamp, error: failure.message), at: now)
        case .deadLetter(let letter):
            return DeliveryResult(
                deliveryID: delivery.id, outcome: .dead(reason: letter.reason, error: letter.failure?.message ?? letter.reason), at: now)
        case .markFailed(let failure), .markRefused(let failure):
            // Deliveries never fail for good (only `sent` or `retry` come in); parked rather than lost if one did.
            return DeliveryResult(deliveryID: delivery.id, outcome: .dead(reason: failure.message, error: failure.message), at: now)
        case .send, .requeue, .ignore:
            return nil
        }
    }

    /// Metrics and the log line of one outcome.
    private func record(_ result: DeliveryResult, for delivery: PendingDelivery, attempts: Int) {
        let metadata: Logger.Metadata = [
            "switchboard.subscriber": .string(delivery.subscriber), "switchboard.event.id": .string(delivery.eventID),
            "switchboard.delivery.attempts": "\(attempts)",
        ]
        switch result.outcome {
        case .delivered:
            metrics.deliveryAttempt(subscriber: delivery.subscriber, outcome: "delivered")
            metrics.deliveryLag(subscriber: delivery.subscriber, milliseconds: result.at.milliseconds - delivery.createdAt.milliseconds)
        case .retry(let next, let error):
            metrics.deliveryAttempt(subscriber: delivery.subscriber, outcome: "failed")
            logger.info(
                "delivery failed; will retry",
                metadata: metadata.merging(
                    [
                        "switchboard.delivery.retry_in_ms": "\(max(0, next.milliseconds - result.at.milliseconds))",
                        "error.message": .string(error),
                    ], uniquingKeysWith: { $1 }))
        case .dead(let reason, _):
            metrics.deliveryAttempt(subscriber: delivery.subscriber, outcome: "dead")
            logger.warning(
                "delivery given up on; parked as a dead letter (the conversation's later events go on)",
                metadata: metadata.merging(["switchboard.reason": .string(reason)], uniquingKeysWith: { $1 }))
        }
    }
}
