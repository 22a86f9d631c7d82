import SwitchboardCore

/// `text_length`: a text longer than its channel carries (``PolicyConfiguration/textLimits``, `policy.text_limits`)
/// is refused before it is priced or queued, so a 1 MiB text is not an SMS of thousands of segments.
public struct TextLengthRule: PolicyRule {
    public let name = "text_length"
    public init() {}

    public func evaluate(_ context: PolicyContext) -> RuleVerdict {
        let channel = context.message.channel
        guard let text = context.message.content.text, let limit = context.configuration.textLimits[channel] else {
            return .notApplicable
        }
        let characters = text.unicodeScalars.count
        let name = channel.rawValue
        if let max = limit.maxCharacters, characters > max {
            return refuse(
                "text_too_long", "the text has \(characters) characters; \(name) carries at most \(max) in one message",
                remedy: "shorten the text or split it into messages of at most \(max) characters (policy.text_limits.\(name))")
        }
        if channel == .sms, let max = limit.maxSegments {
            let segments = SMSSegments(text: text)
            if segments.count > max {
                return refuse(
                    "text_too_long",
                    "the text takes \(segments.count) SMS segments (\(segments.encoding.rawValue)); at most \(max) are sent as one message",
                    remedy: "shorten the text or split it into several messages (policy.text_limits.sms.max_segments)")
            }
        }
        return .notApplicable
    }
}
