import SwitchboardCore
import SwitchboardQueue

/// What accepting a send decides, as values the stores write as they are.
extension NewOutboundMessage {
    /// The queue state a new message starts in.
    public var initialState: OutboundQueueState { .queued }

    /// The delivery status a new message starts with (no provider status yet).
    public var initialDeliveryStatus: DeliveryStatus { .queued }

    /// When the dispatcher may first send it: at once.
    public var firstAttemptAt: Timestamp { createdAt }

    /// The first line of its history.
    public var historyEntry: OutboundHistoryEntry { OutboundHistoryEntry(status: initialState.rawValue, at: createdAt) }

    /// The record as stored, with the storage order the store gave it.
    public func record(sequence: Int64) -> OutboundRecord {
        OutboundRecord(
            id: id, sequence: sequence, connection: connection, conversation: conversation, recipient: recipient, state: initialState,
            nextAttemptAt: firstAttemptAt, deliveryStatus: initialDeliveryStatus, message: message, decision: decision,
            createdAt: createdAt)
    }
}
