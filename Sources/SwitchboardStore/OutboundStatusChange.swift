import SwitchboardCore
import SwitchboardQueue

/// An outbound message's delivery status as stored, read by a store for ``OutboundStatusChange/changes(applying:to:)``.
public struct StoredDeliveryStatus: Sendable, Hashable {
    /// Switchboard's message id.
    public var messageID: String
    /// The provider's id for the message (status reports find the message by it).
    public var providerMessageID: String
    public var status: DeliveryStatus

    public init(messageID: String, providerMessageID: String, status: DeliveryStatus) {
        self.messageID = messageID
        self.providerMessageID = providerMessageID
        self.status = status
    }
}

/// What provider status reports did to one outbound message: the delivery status a store writes and the
/// history lines it adds (one per report that moved the message forward, in order).
public struct OutboundStatusChange: Sendable, Hashable {
    public var messageID: String
    public var status: DeliveryStatus
    public var history: [OutboundHistoryEntry]

    public init(messageID: String, status: DeliveryStatus, history: [OutboundHistoryEntry]) {
        self.messageID = messageID
        self.status = status
        self.history = history
    }

    /// Applies `reports`, in order, to the messages with their provider id through ``StatusProgression`` (never
    /// backwards); the messages that moved, in the order of `messages`. A report no message carries the id of
    /// changes nothing (the send has not learned it yet: the report is applied when it does).
    public static func changes(applying reports: [ProviderStatusReport], to messages: [StoredDeliveryStatus]) -> [OutboundStatusChange] {
        messages.compactMap { message in
            var progression = StatusProgression(current: message.status)
            var history: [OutboundHistoryEntry] = []
            for report in reports where report.providerMessageID == message.providerMessageID {
                if case .advanced = progression.apply(report.status) { history.append(report.historyEntry) }
            }
            return history.isEmpty ? nil : OutboundStatusChange(messageID: message.messageID, status: progression.current, history: history)
        }
    }
}
