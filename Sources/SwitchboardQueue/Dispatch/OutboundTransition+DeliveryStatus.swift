import SwitchboardCore

extension OutboundTransition {
    /// Whether the transition changes the message's delivery status: it applies a status (`sent`, `failed`) or
    /// is a redrive. The store then reads the stored status and writes ``deliveryStatus(replacing:)``.
    public var changesDeliveryStatus: Bool { deliveryStatus != nil || resetDeliveryStatus }

    /// The delivery status the message has after this transition, from the one stored: a redrive starts again
    /// from `queued`; a status applies forward only (``StatusProgression``: a `sent` never overwrites a
    /// `delivered` a fast provider reported first).
    public func deliveryStatus(replacing stored: DeliveryStatus) -> DeliveryStatus {
        var progression = StatusProgression(current: resetDeliveryStatus ? .queued : stored)
        if let deliveryStatus { progression.apply(deliveryStatus) }
        return progression.current
    }
}
