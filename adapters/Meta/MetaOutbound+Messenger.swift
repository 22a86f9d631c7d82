import AdapterKit
import SwitchboardCore

extension MetaOutbound {
    /// The Messenger / Instagram Send API body and the operation name (`message`, `sender_action`,
    /// `reaction`) for the request's annotations (docs/providers.md §3, §4).
    ///
    /// - `recipient` is `{id}`, or `{comment_id}` for a private reply (`message.commentID`);
    /// - `messaging_type` is `MESSAGE_TAG` + `tag` when a tag is given, else `RESPONSE` when the
    ///   message answers one (`reply_to`), else `UPDATE` (courier's rule); private replies send none;
    /// - actions go out alone as `sender_action` (`mark_read` → `mark_seen`, `typing_on`, `typing_off`);
    /// - interactive buttons become quick replies; a `cta` becomes a button template.
    static func messengerBody(for message: OutboundMessage) throws(SwitchboardError) -> (JSONValue, String) {
        let channel = message.channel
        let content = message.content
        var body = JSONObject()
        if let commentID = message.commentID {
            guard content.type != .action, content.type != .reaction else {
                throw .invalidMessage("a private reply to a comment must be a message, not \(content.type.rawValue)")
            }
            body.append("recipient", ["comment_id": .string(commentID)])
        } else {
            body.append("recipient", ["id": .string(message.to)])
        }
        switch content.type {
        case .action:
            body.append("sender_action", .string(try senderAction(content, channel: channel)))
            return (.object(body), "sender_action")
        case .reaction:
            return (try reaction(content, channel: channel, body: body), "reaction")
        default:
            break
        }
        if message.commentID == nil { try appendMessagingType(message, to: &body) }
        var payload = try messagePayload(content, channel: channel)
        if let metadata = message.metadata {
            try MetaOutboundLimits.check(metadata, max: MetaOutboundLimits.metadata, "metadata", channel: channel)
            payload.append("metadata", .string(metadata))
        }
        body.append("message", .object(payload))
        return (.object(body), "message")
    }

    private static func appendMessagingType(_ message: OutboundMessage, to body: inout JSONObject) throws(SwitchboardError) {
        guard let tag = message.tag, !tag.isEmpty else {
            body.append("messaging_type", .string(message.replyTo == nil ? "UPDATE" : "RESPONSE"))
            return
        }
        if message.channel == .instagram, tag != "HUMAN_AGENT" {
            throw .invalidMessage("instagram accepts only the HUMAN_AGENT message tag, got \(tag)")
        }
        if message.promotional == true {
            throw .invalidMessage("\(message.channel.rawValue) message tags must not carry promotional content (tag \(tag))")
        }
        body.append("messaging_type", "MESSAGE_TAG")
        body.append("tag", .string(tag))
    }

    private static func senderAction(_ content: MessageContent, channel: Channel) throws(SwitchboardError) -> String {
        let name = content.action?["name"]?.string ?? ""
        switch name {
        case "mark_read": return "mark_seen"
        case "typing_on", "typing_off": return name
        default:
            throw SwitchboardError(
                code: .unsupportedContent,
                message: "\(channel.rawValue) cannot send the action \"\(name)\" (known: mark_read, typing_on, typing_off)")
        }
    }

    /// Instagram reacts with `sender_action: react` and the only reaction it knows, `love`;
    /// `unreact` removes it. Messenger's Send API has no reactions.
    private static func reaction(_ content: MessageContent, channel: Channel, body: JSONObject) throws(SwitchboardError) -> JSONValue {
        guard channel == .instagram else { throw .unsupportedContent(channel: channel, type: .reaction) }
        guard let reaction = content.reaction else { throw .invalidMessage("content.reaction needs emoji and target") }
        var body = body
        if reaction.emoji.isEmpty {
            body.append("sender_action", "unreact")
            body.append("payload", ["message_id": .string(reaction.target)])
        } else {
            guard ["❤", "❤️", "love"].contains(reaction.emoji) else {
                throw .invalidMessage("instagram reactions can only be ❤️ (love), got \(reaction.emoji)")
            }
            body.append("sender_action", "react")
            body.append("payload", ["message_id": .string(reaction.target), "reaction": "love"])
        }
        return .object(body)
    }
}
