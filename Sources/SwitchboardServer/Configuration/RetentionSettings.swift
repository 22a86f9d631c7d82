import SwitchboardCore
import SwitchboardStore

/// How long the store keeps what it no longer needs (`retention:`). `nil` keeps that kind of row forever.
public struct RetentionSettings: Sendable, Hashable {
    /// Events, with their finished deliveries (`events_days`). Default: forever (the archive of every
    /// conversation). Never below ``minimumEventDays``.
    public var eventDays: Int?
    /// Deliveries acknowledged by their subscriber (`deliveries_days`). Default 7: after that they only
    /// answer "was it delivered" questions.
    public var deliveryDays: Int? = 7
    /// Quarantined requests (`quarantine_days`). Default: forever (someone has to look at them).
    public var quarantineDays: Int?
    /// Outbound messages that were sent or failed, with their status history (`outbound_days`). Default:
    /// forever (the record of what was sent). Never below ``minimumOutboundDays``.
    public var outboundDays: Int?
    /// Minutes between prunes (`interval_minutes`); the first runs a minute after start.
    public var intervalMinutes = 60
    /// Rows per write (`batch_size`): each is one short transaction between the webhooks' commits.
    public var batchSize = 200

    /// Meta and 360dialog re-deliver a webhook for up to 7 days; an event removed sooner would let a late
    /// re-delivery through as new (a duplicate message at the subscribers).
    public static let minimumEventDays = 8

    /// A retried send request with the same `Idempotency-Key` must find its first message, and the WhatsApp
    /// messaging tier counts the contacts reached in the last 24 hours from the queue: both need a day, kept
    /// with a day's margin.
    public static let minimumOutboundDays = 2

    public init() {}

    /// The cutoffs at `now`.
    public func cutoffs(now: Timestamp) -> RetentionCutoffs {
        func before(_ days: Int?) -> Timestamp? { days.map { Timestamp(milliseconds: now.milliseconds - Int64($0) * 86_400_000) } }
        return RetentionCutoffs(
            events: before(eventDays), deliveries: before(deliveryDays), quarantine: before(quarantineDays), outbound: before(outboundDays))
    }
}
