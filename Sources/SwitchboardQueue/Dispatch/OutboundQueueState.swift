/// Where an outbound message is in the send queue, as stored in `outbound_messages.state` (the raw values):
/// the ``SendStateMachine`` state without its associated values. The stores convert to and from the text
/// only at the SQL boundary.
public enum OutboundQueueState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Waiting for its first send.
    case queued
    /// Handed to a worker; `next_attempt_at` is the lease end.
    case sending
    /// Waiting to be tried again; `next_attempt_at` is when it is due.
    case retryWait = "retry_wait"
    /// The provider accepted it.
    case sent
    /// The provider refused it for good.
    case failed
    /// Given up on (a dead letter), re-drivable.
    case dead
    /// Refused by the policy when it was checked again right before sending (the 24 h window closed, a template
    /// was paused, the contact was blocked while it waited): never sent, not re-drivable. Its last failure says
    /// the rule's code, the explanation and the remedy.
    case refused

    /// The stored name (in logs and reasons as in the database).
    public var description: String { rawValue }
}

extension OutboxStateMachine {
    /// The state as the send queue stores it.
    public var queueState: OutboundQueueState {
        switch state {
        case .queued: .queued
        case .sending: .sending
        case .retryWait: .retryWait
        case .sent: .sent
        case .failed: .failed
        case .dead: .dead
        case .refused: .refused
        }
    }
}
