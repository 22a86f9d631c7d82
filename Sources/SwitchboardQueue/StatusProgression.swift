import SwitchboardCore

/// Applies provider delivery statuses to a message so that it only ever moves forward, whatever order the
/// webhooks arrive in (docs/providers.md §0.4: Meta may skip `delivered`, Twilio and Vonage callbacks can cross).
///
/// Order: `queued` < `sent` < `failed` < `delivered` < `read` < `played` < `deleted`. This follows
/// ``DeliveryStatus/rank`` except for `failed`, which sits below `delivered`: a handset's delivery receipt is
/// proof the message arrived, so a `failed` reported after (or crossing with) `delivered`/`read` is stale and
/// is ignored, and a `delivered` arriving after a `failed` wins. The final status is therefore the same for
/// every arrival order. `failed` still overrides `queued` and `sent` (e.g. WhatsApp 131047 after `sent`).
public struct StatusProgression: Sendable, Hashable {
    /// What applying one status did.
    public enum Change: Sendable, Hashable {
        /// The message moved forward; persist `to` and record it in the history.
        case advanced(from: DeliveryStatus, to: DeliveryStatus)
        /// The status is older than, or the same as, what the message already has; record it at most.
        case ignored(DeliveryStatus, current: DeliveryStatus)
    }

    public private(set) var current: DeliveryStatus

    public init(current: DeliveryStatus = .queued) {
        self.current = current
    }

    /// The position of a status in the progression.
    public static func precedence(_ status: DeliveryStatus) -> Int {
        switch status {
        case .queued: 0
        case .sent: 1
        case .failed: 2
        case .delivered: 3
        case .read: 4
        case .played: 5
        case .deleted: 6
        }
    }

    /// Applies a status reported by the provider.
    @discardableResult
    public mutating func apply(_ status: DeliveryStatus) -> Change {
        guard Self.precedence(status) > Self.precedence(current) else { return .ignored(status, current: current) }
        let previous = current
        current = status
        return .advanced(from: previous, to: status)
    }
}
