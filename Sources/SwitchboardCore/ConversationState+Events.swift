/// How events change what the gateway remembers about a conversation. Pure: no clock, no I/O.
extension ConversationState {
    /// Event types (`event.type`) that mean the contact gave consent / withdrew it / (un)blocked the business.
    public static let optInTypes: Set<String> = ["opt_in"]
    public static let optOutTypes: Set<String> = ["opt_out"]
    public static let blockedTypes: Set<String> = ["contact_blocked"]
    public static let unblockedTypes: Set<String> = ["contact_unblocked"]

    /// Folds one event into the state. Apply each stored event once (duplicates are filtered by the store).
    ///
    /// - `message` inbound: last inbound time; its referral (click-to-message ad) opens the entry point;
    ///   a Telegram message means the contact has started the bot; a comment is remembered for the
    ///   7-day private-reply window.
    /// - `message` outbound (echoes): last outbound time; the first reply within 24 h of a referral
    ///   opens the 72 h free entry point; attachment bytes are counted per month.
    /// - `event` `opt_in` / `opt_out` / `contact_blocked` / `contact_unblocked`, and a referral event
    ///   without a message.
    ///
    /// Times only move forward: an event older than what is known does not roll a time back.
    /// `receivedAt` stands in for events without a provider timestamp.
    public mutating func apply(_ event: CanonicalEvent, receivedAt: Timestamp? = nil) {
        guard let at = event.timestamp ?? receivedAt else { return }
        switch event.kind {
        case .message:
            if event.direction == .inbound && !event.echo {
                lastInboundAt = Self.later(lastInboundAt, at)
                if let referral = event.referral { noteReferral(referral, at: at) }
                if channel == .telegram { started = true }
                if let comment = event.content?.comment, event.content?.type == .comment { comments[comment.id] = at }
            } else {
                noteOutbound(at: at, attachments: event.content?.attachments ?? [])
            }
        case .event:
            guard let detail = event.event else { return }
            if Self.optInTypes.contains(detail.type) {
                consentAt = Self.later(consentAt, at)
                if let optedOutAt, optedOutAt > at {} else { optedOut = false }
            } else if Self.optOutTypes.contains(detail.type) {
                if let consentAt, consentAt > at {
                } else {
                    optedOut = true
                    optedOutAt = Self.later(optedOutAt, at)
                }
            } else if Self.blockedTypes.contains(detail.type) {
                blocked = true
            } else if Self.unblockedTypes.contains(detail.type) {
                blocked = false
                if channel == .telegram { started = true }
            }
            if let referral = event.referral { noteReferral(referral, at: at) }
        case .status, .edit, .delete:
            break
        }
    }

    private mutating func noteReferral(_ referral: Referral, at: Timestamp) {
        guard referralAt.map({ $0 <= at }) ?? true else { return }
        referralAt = at
        referralSource = referral.sourceType
        entryPointOpenedAt = nil
    }

    private mutating func noteOutbound(at: Timestamp, attachments: [Attachment]) {
        lastOutboundAt = Self.later(lastOutboundAt, at)
        if let referralAt, entryPointOpenedAt == nil, at >= referralAt,
            at.milliseconds - referralAt.milliseconds <= 24 * 3_600_000
        {
            entryPointOpenedAt = at
        }
        // Sizes come from callers and providers: the sums saturate at Int64.max instead of trapping.
        let bytes = attachments.reduce(Int64(0)) { Self.saturatingSum($0, max($1.size ?? 0, 0)) }
        if bytes > 0 {
            let month = Self.month(of: at)
            attachmentBytesByMonth[month] = Self.saturatingSum(attachmentBytesByMonth[month] ?? 0, bytes)
        }
    }

    /// `a + b`, or `Int64.max` / `Int64.min` where the sum does not fit.
    static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// `"YYYY-MM"` of a timestamp (UTC), the key of ``attachmentBytesByMonth``.
    public static func month(of timestamp: Timestamp) -> String { String(timestamp.rfc3339.prefix(7)) }

    private static func later(_ current: Timestamp?, _ candidate: Timestamp) -> Timestamp {
        guard let current else { return candidate }
        return max(current, candidate)
    }
}
