import SwitchboardCore

/// The state of a conversation's messaging windows at the moment of a decision.
public struct WindowInfo: Sendable, Hashable {
    /// Which kind of window the channel has.
    public enum Kind: String, Sendable, Hashable {
        /// WhatsApp, Messenger, Instagram: 24 h after the contact's last message.
        case customerService = "customer_service"
        /// Telegram, SMS, email: no window.
        case none
    }

    /// WhatsApp's 72 h free entry point after a click-to-WhatsApp ad: a price window only.
    public struct EntryPoint: Sendable, Hashable {
        /// Whether messages sent now are free because of it.
        public var open: Bool
        /// The message being decided is the business's first reply within 24 h of the referral, so it opens the entry point.
        public var opensWithThisMessage: Bool
        /// When it ends (or ended).
        public var until: Timestamp?

        public init(open: Bool, opensWithThisMessage: Bool = false, until: Timestamp?) {
            self.open = open
            self.opensWithThisMessage = opensWithThisMessage
            self.until = until
        }
    }

    public var kind: Kind
    /// Whether free-form messages may be sent now.
    public var open: Bool
    /// The contact's last message.
    public var lastInboundAt: Timestamp?
    /// When the open window closes.
    public var closesAt: Timestamp?
    /// When the window closed, if it was ever open.
    public var closedAt: Timestamp?
    /// Messenger / Instagram: until when an agent may still reply with the `HUMAN_AGENT` tag.
    public var humanAgentUntil: Timestamp?
    /// WhatsApp: the free entry point, when the contact came through an ad.
    public var entryPoint: EntryPoint?

    public init(
        kind: Kind, open: Bool, lastInboundAt: Timestamp? = nil, closesAt: Timestamp? = nil, closedAt: Timestamp? = nil,
        humanAgentUntil: Timestamp? = nil, entryPoint: EntryPoint? = nil
    ) {
        self.kind = kind
        self.open = open
        self.lastInboundAt = lastInboundAt
        self.closesAt = closesAt
        self.closedAt = closedAt
        self.humanAgentUntil = humanAgentUntil
        self.entryPoint = entryPoint
    }

    /// Computes the windows of `conversation` at `now`. Windows are half-open: a 24 h window opened at
    /// 10:00 is open at 09:59:59.999 the next day and closed at 10:00:00.000.
    public static func compute(conversation: ConversationState, now: Timestamp, configuration: PolicyConfiguration) -> WindowInfo {
        let channel = conversation.channel
        guard channel == .whatsapp || channel == .messenger || channel == .instagram else {
            return WindowInfo(kind: .none, open: true, lastInboundAt: conversation.lastInboundAt)
        }
        var info = WindowInfo(kind: .customerService, open: false, lastInboundAt: conversation.lastInboundAt)
        if let last = conversation.lastInboundAt {
            let end = last.adding(configuration.serviceWindow)
            if now < end { info.open = true; info.closesAt = end } else { info.closedAt = end }
            if channel != .whatsapp { info.humanAgentUntil = last.adding(configuration.humanAgentWindow) }
        }
        if channel == .whatsapp { info.entryPoint = entryPoint(conversation, now: now, configuration: configuration) }
        return info
    }

    private static func entryPoint(_ conversation: ConversationState, now: Timestamp, configuration: PolicyConfiguration) -> EntryPoint? {
        guard let referral = conversation.referralAt else { return nil }
        let replyDeadline = referral.adding(configuration.entryPointReplyWithin)
        if let opened = conversation.entryPointOpenedAt {
            guard opened >= referral, opened < replyDeadline else { return EntryPoint(open: false, until: nil) }
            let until = opened.adding(configuration.entryPointLength)
            return EntryPoint(open: now < until, until: until)
        }
        // No reply yet: this message opens the entry point if it goes out within 24 h of the referral.
        if now >= referral, now < replyDeadline {
            return EntryPoint(open: true, opensWithThisMessage: true, until: now.adding(configuration.entryPointLength))
        }
        return EntryPoint(open: false, until: nil)
    }

    /// `{kind, open, last_inbound_at?, closes_at?, closed_at?, human_agent_until?, entry_point?{open, until?, opens_with_this_message?}}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("kind", .string(kind.rawValue))
        object.set("open", .bool(open))
        object.set("last_inbound_at", lastInboundAt.map { .string($0.rfc3339) })
        object.set("closes_at", closesAt.map { .string($0.rfc3339) })
        object.set("closed_at", closedAt.map { .string($0.rfc3339) })
        object.set("human_agent_until", humanAgentUntil.map { .string($0.rfc3339) })
        if let entryPoint {
            var entry = JSONObject()
            entry.set("open", .bool(entryPoint.open))
            entry.set("until", entryPoint.until.map { .string($0.rfc3339) })
            if entryPoint.opensWithThisMessage { entry.set("opens_with_this_message", .bool(true)) }
            entry.set("extends_service_window", .bool(false))
            object.set("entry_point", .object(entry))
        }
        return .object(object)
    }
}

extension Timestamp {
    /// This instant moved by a duration (keeps millisecond precision only when either side has it).
    func adding(_ duration: Duration) -> Timestamp {
        Timestamp(milliseconds: milliseconds + duration.policyMilliseconds, hasMilliseconds: hasMilliseconds)
    }

    /// Milliseconds from `other` to this instant.
    func milliseconds(since other: Timestamp) -> Int64 { milliseconds - other.milliseconds }
}
