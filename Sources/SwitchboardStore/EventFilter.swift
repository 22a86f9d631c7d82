/// Which stored events a subscriber takes, as the store can test it: each list empty = any.
public struct EventFilter: Sendable, Hashable {
    /// Event kinds (`message`, `status`, …).
    public var kinds: [String]
    /// Channels (`whatsapp`, `sms`, …).
    public var channels: [String]
    /// Connection names.
    public var connections: [String]

    public init(kinds: [String] = [], channels: [String] = [], connections: [String] = []) {
        self.kinds = kinds
        self.channels = channels
        self.connections = connections
    }

    /// A refusal of a redelivery larger than the store takes at once.
    public static func tooMany(_ count: Int, limit: Int) -> StoreError {
        StoreError(
            code: .tooManyEvents,
            message: "\(count) events match, more than the \(limit) one redelivery queues; choose a later since")
    }
}
