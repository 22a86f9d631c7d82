import SwitchboardCore

/// Canonical events with deterministic ids, for the store tests of both store targets.
public enum SampleEvents {
    /// An inbound WhatsApp text message event.
    public static func inboundMessage(_ key: String, contact: String = "16505551234", seconds: Int64 = 1_714_564_800) -> CanonicalEvent {
        var event = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: "106540352242922", timestamp: Timestamp(seconds: seconds),
            contact: Contact(id: contact), providerMessageID: "wamid.\(key)", content: .text("hello \(key)"))
        event.assignID(key: key)
        return event
    }

    /// An outbound WhatsApp echo carrying one image of `bytes` bytes.
    public static func echoWithImage(_ key: String, contact: String = "2", bytes: Int64, seconds: Int64 = 100) -> CanonicalEvent {
        var echo = CanonicalEvent(
            kind: .message, channel: .whatsapp, provider: .meta, account: "1", direction: .outbound, timestamp: Timestamp(seconds: seconds),
            contact: Contact(id: contact), echo: true,
            content: MessageContent(type: .media, attachments: [Attachment(kind: .image, size: bytes)]))
        echo.assignID(key: key)
        return echo
    }

    /// A consent event (`opt_in` / `opt_out`) of a WhatsApp contact.
    public static func consentEvent(_ type: String, key: String, contact: String = "2", seconds: Int64) -> CanonicalEvent {
        var event = CanonicalEvent(
            kind: .event, channel: .whatsapp, provider: .meta, account: "1", timestamp: Timestamp(seconds: seconds),
            contact: Contact(id: contact), event: EventDetail(type: type))
        event.assignID(key: key)
        return event
    }
}
