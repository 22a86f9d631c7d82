import SwitchboardCore

/// One outbound message as the send queue stores it: the canonical message, the policy decision it was
/// accepted with, and where it is in its life (``SendStateMachine`` state plus ``DeliveryStatus``).
public struct OutboundRecord: Sendable, Hashable {
    /// Switchboard's id (`msg_…`), returned by `POST /v1/messages`.
    public var id: String
    /// Storage order (claiming is ordered per conversation by it).
    public var sequence: Int64
    /// The configured connection name it is sent through.
    public var connection: String
    public var conversation: String
    /// The contact id (the rate limiter's "pair").
    public var recipient: String
    /// Where it is in the queue (the ``SendStateMachine`` state).
    public var state: OutboundQueueState
    /// Sends started so far.
    public var attempts: Int
    /// `queued`: when it was queued; `retry_wait`: when it is due again; `sending`: the lease end.
    public var nextAttemptAt: Timestamp
    public var providerMessageID: String?
    /// The provider-reported status, only ever moving forward (``StatusProgression``).
    public var deliveryStatus: DeliveryStatus
    /// The canonical outbound JSON (docs/outbound-message.md).
    public var message: JSONValue
    /// The policy decision JSON it was accepted with.
    public var decision: JSONValue
    /// The last failure (retry, failed, dead, refused).
    public var lastFailure: DeliveryFailure?
    /// Why it was dead-lettered.
    public var deadReason: String?
    public var createdAt: Timestamp

    public init(
        id: String, sequence: Int64 = 0, connection: String, conversation: String, recipient: String, state: OutboundQueueState = .queued,
        attempts: Int = 0, nextAttemptAt: Timestamp, providerMessageID: String? = nil, deliveryStatus: DeliveryStatus = .queued,
        message: JSONValue, decision: JSONValue = .null, lastFailure: DeliveryFailure? = nil, deadReason: String? = nil,
        createdAt: Timestamp
    ) {
        self.id = id
        self.sequence = sequence
        self.connection = connection
        self.conversation = conversation
        self.recipient = recipient
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.providerMessageID = providerMessageID
        self.deliveryStatus = deliveryStatus
        self.message = message
        self.decision = decision
        self.lastFailure = lastFailure
        self.deadReason = deadReason
        self.createdAt = createdAt
    }

    /// The state machine positioned where this record is.
    public func machine(retryPolicy: RetryPolicy, lease: Duration) -> SendStateMachine<WallClock> {
        let failure = lastFailure ?? DeliveryFailure(category: .unknown, message: "unknown")
        let at = WallClock.Instant(nextAttemptAt)
        let state: SendStateMachine<WallClock>.State =
            switch self.state {
            case .queued: .queued
            case .sending: .sending(attempt: attempts, leaseUntil: at)
            case .retryWait: .retryWait(attempt: attempts, until: at, failure: failure)
            case .sent: .sent(providerMessageID: providerMessageID)
            case .failed: .failed(failure)
            case .dead: .dead(DeadLetter(reason: deadReason ?? failure.message, failure: lastFailure, attempts: attempts))
            case .refused: .refused(failure)
            }
        return SendStateMachine(state: state, attempts: attempts, retryPolicy: retryPolicy, lease: lease)
    }

    /// What to persist after `machine` (positioned from this record) answered `action` at `at`; `nil` for `ignore`.
    public func transition(after machine: SendStateMachine<WallClock>, action: SendStateMachine<WallClock>.Action, at: Timestamp)
        -> OutboundTransition?
    {
        var next = OutboundTransition(
            id: id, expectedState: state, expectedAttempts: attempts, state: machine.queueState, attempts: machine.attempts,
            nextAttemptAt: at)
        switch action {
        case .send(_, let leaseUntil):
            next.nextAttemptAt = leaseUntil.timestamp
        case .scheduleRetry(let until, let failure):
            next.nextAttemptAt = until.timestamp
            next.failure = failure
            next.history = OutboundHistoryEntry(
                status: "retrying", at: at, errorCode: failure.providerCode, message: failure.message,
                detail: "attempt \(machine.attempts) failed (\(failure.category.rawValue)); next attempt at \(until.timestamp.rfc3339)")
        case .markSent(let providerMessageID):
            next.providerMessageID = providerMessageID
            next.deliveryStatus = .sent
            next.history = OutboundHistoryEntry(status: "sent", at: at, providerMessageID: providerMessageID)
        case .markFailed(let failure):
            next.failure = failure
            next.deliveryStatus = .failed
            next.history = OutboundHistoryEntry(
                status: "failed", at: at, errorCode: failure.providerCode, message: failure.message, detail: failure.category.rawValue)
        case .deadLetter(let letter):
            next.failure = letter.failure
            next.deadReason = letter.reason
            next.history = OutboundHistoryEntry(
                status: "dead", at: at, errorCode: letter.failure?.providerCode, message: letter.reason,
                detail: letter.failure?.category.rawValue)
        case .markRefused(let failure):
            next.failure = failure
            next.deliveryStatus = .failed
            next.history = OutboundHistoryEntry(
                status: "refused", at: at, errorCode: failure.providerCode, message: failure.message, detail: failure.category.rawValue)
        case .requeue:
            next.resetDeliveryStatus = true
            next.history = OutboundHistoryEntry(status: "queued", at: at, detail: "redriven")
        case .ignore:
            return nil
        }
        return next
    }
}
