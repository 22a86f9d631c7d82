import SwitchboardCore

/// The SMS compliance keywords (docs/providers.md §6 "Opt-out"): STOP and friends opt a contact out,
/// START/YES/UNSTOP opt back in, HELP/INFO ask for help.
///
/// Matching is on the whole body, trimmed of white space, ignoring case: `"stop please"` is not a
/// keyword, `" Stop\n"` is.
public enum SMSKeyword: String, Sendable, Hashable, CaseIterable {
    case optOut = "opt_out"
    case optIn = "opt_in"
    case help

    /// The words that trigger each keyword (upper case).
    public var words: [String] {
        switch self {
        case .optOut: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]
        case .optIn: ["START", "YES", "UNSTOP"]
        case .help: ["HELP", "INFO"]
        }
    }

    /// The canonical event type (`opt_out`, `opt_in`, `help`).
    public var eventType: String { rawValue }

    /// The keyword `body` is, or `nil`.
    public static func detect(_ body: String) -> SMSKeyword? {
        let word = body.trimmingWhitespace().uppercased()
        guard !word.isEmpty, word.count <= 11 else { return nil }
        return allCases.first { $0.words.contains(word) }
    }

    /// The keyword `event` to emit beside an inbound text `message`, or `nil` when its text is not a
    /// keyword. The event shares the message's envelope (channel, account, contact, timestamp,
    /// provider message id, raw) and carries `{type, keyword}`; its id is distinct from the message's.
    public static func event(beside message: CanonicalEvent) -> CanonicalEvent? {
        guard message.kind == .message, message.direction == .inbound, let text = message.content?.text,
            let keyword = detect(text)
        else { return nil }
        var event = CanonicalEvent(
            kind: .event, channel: message.channel, provider: message.provider, account: message.account,
            direction: .inbound, timestamp: message.timestamp, contact: message.contact,
            providerMessageID: message.providerMessageID,
            event: EventDetail(
                type: keyword.eventType, attributes: JSONObject([("keyword", .string(text.trimmingWhitespace().uppercased()))])),
            raw: message.raw)
        event.assignID(key: "\(message.providerMessageID ?? message.id):keyword:\(keyword.eventType)")
        return event
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
