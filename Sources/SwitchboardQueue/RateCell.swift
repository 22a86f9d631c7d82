/// One rate the limiter keeps: a key (a connection, or a connection and one recipient) and its limit.
///
/// The key is what every limiter store, in memory or shared through PostgreSQL, keeps one instant of state for
/// (the generic cell-rate algorithm's "theoretical arrival time", see ``TokenBucket``).
public struct RateCell: Sendable, Hashable {
    /// `connection:<name>`, or `pair:<length of name>:<name>:<recipient>` (the length makes every key unambiguous
    /// whatever characters names and recipients hold).
    public var key: String
    public var limit: RateLimit

    public init(key: String, limit: RateLimit) {
        self.key = key
        self.limit = limit
    }

    /// The cell of every message of `connection`.
    public static func connection(_ connection: String, limit: RateLimit) -> RateCell {
        RateCell(key: "connection:\(connection)", limit: limit)
    }

    /// The cell of the messages of `connection` to one `recipient` (a user or a group chat).
    public static func pair(_ connection: String, recipient: String, limit: RateLimit) -> RateCell {
        RateCell(key: "pair:\(connection.utf8.count):\(connection):\(recipient)", limit: limit)
    }

    /// This cell with its limit widened by `margin` (``RateLimit/widened(by:)``).
    public func widened(by margin: Duration) -> RateCell {
        RateCell(key: key, limit: limit.widened(by: margin))
    }
}

extension ConnectionRateLimits {
    /// The cells one message to `recipient` on `connection` takes from, all or none: the connection's, and the
    /// recipient's (the group limit for a group chat, else the per-recipient one) when one is known.
    public func cells(connection: String, recipient: String, group: Bool = false) -> [RateCell] {
        var cells = [RateCell.connection(connection, limit: self.connection)]
        if let pairLimit = group ? (perGroup ?? perRecipient) : perRecipient {
            cells.append(.pair(connection, recipient: recipient, limit: pairLimit))
        }
        return cells
    }

    /// The cell a provider's pause of one recipient applies to (WhatsApp 131056, Telegram per-chat 429): the
    /// recipient's cell, with the connection's limit when no pair limit is known.
    public func pauseCell(connection: String, recipient: String, group: Bool = false) -> RateCell {
        let limit = (group ? perGroup : nil) ?? perRecipient ?? self.connection
        return .pair(connection, recipient: recipient, limit: limit)
    }
}
