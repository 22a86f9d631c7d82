import SwitchboardCore

extension Pricing {
    /// Whether the provider charges the message: `type` decides (`regular` is charged, `free_customer_service`
    /// and `free_entry_point` are not); without a type, `billable`; with neither, charged.
    public var charged: Bool {
        if let type { return type.lowercased() == "regular" }
        return billable ?? true
    }
}

/// What ends a hold: the provider's status (with or without pricing) or the message's queue outcome.
public enum HoldEvent: Sendable, Hashable {
    /// A status webhook for the message.
    case status(DeliveryStatus, pricing: Pricing?)
    /// The dispatcher's outcome: the provider accepted the send.
    case sent
    /// The message will not be sent: failed, dead-lettered, refused at dispatch, or cancelled.
    case abandoned(reason: String)
}

/// How a hold ends, decided purely from the hold and the event.
public enum HoldResolution: Sendable, Hashable {
    /// Leave the hold as it is.
    case keep
    /// Charge `amount` (as `category`) and end the hold.
    case settle(amount: Money, category: String?, reason: String)
    /// End the hold without a charge; `returnAttachmentBytes` gives the reserved quota back as well.
    case release(reason: String, returnAttachmentBytes: Bool)
}

extension HoldRecord {
    /// What `event` does to this hold. Only a hold still `held` changes; every later event is `.keep`, so a
    /// re-delivered or late status settles nothing twice.
    ///
    /// - Pricing `regular` charges the reported category's rate at accept (the held amount when that category
    ///   had no rate); `free_customer_service` / `free_entry_point` charge nothing.
    /// - A `failed` status, or an abandoned message, releases (and gives back the attachment bytes).
    /// - `delivered` / `read` / `played` without pricing on a pricing hold charge the held amount (charges
    ///   are per delivered message); a `sent` status without pricing waits for more.
    /// - On a `sent` hold, the dispatcher's `sent` charges the held amount.
    public func resolution(of event: HoldEvent) -> HoldResolution {
        guard state == .held else { return .keep }
        switch event {
        case .abandoned(let reason):
            return .release(reason: reason, returnAttachmentBytes: true)
        case .sent:
            return settlesOn == .sent ? .settle(amount: amount, category: category, reason: "sent") : .keep
        case .status(let status, let pricing):
            if status == .failed { return .release(reason: "the provider reported the send failed", returnAttachmentBytes: true) }
            if let pricing {
                guard pricing.charged else {
                    return .release(
                        reason: "the provider did not charge it (\(pricing.type ?? "not billable"))", returnAttachmentBytes: false)
                }
                let reported = pricing.category?.lowercased().replacingOccurrences(of: "-", with: "_")
                let price = reported.flatMap { rates[$0] } ?? amount
                return .settle(amount: price, category: reported ?? category, reason: "provider pricing \(pricing.type ?? "billable")")
            }
            guard settlesOn == .pricing, [.delivered, .read, .played].contains(status) else { return .keep }
            return .settle(amount: amount, category: category, reason: "\(status.rawValue) without pricing: charged as held")
        }
    }
}
