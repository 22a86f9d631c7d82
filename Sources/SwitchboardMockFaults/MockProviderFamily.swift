/// The wire families the mock provider answers for. Each has its own success, error and 401 shapes.
public enum MockProviderFamily: String, Sendable, Hashable, CaseIterable {
    /// WhatsApp Cloud API on the Graph API (`POST /{version}/{phone_number_id}/messages`).
    case whatsapp
    /// 360dialog (`POST /messages` with `D360-API-KEY`); answers in the WhatsApp Cloud API shape.
    case dialog360 = "360dialog"
    /// Messenger and Instagram on the Graph API (`POST /{version}/{page_id}/messages`).
    case messenger
    /// Telegram Bot API (`POST /bot{token}/{method}`).
    case telegram
    /// Twilio Programmable Messaging (`POST /2010-04-01/Accounts/{sid}/Messages.json`).
    case twilio
    /// Vonage SMS API (`POST /sms/json`).
    case vonageSMS = "vonage-sms"
    /// Vonage Messages API (`POST /v1/messages`).
    case vonageMessages = "vonage-messages"
    /// MessageBird REST API (`POST /messages`, `POST /mms`).
    case messagebird

    /// Parses a provider name as written in a fault spec. `meta` and `graph` mean WhatsApp (the
    /// Graph error shape for Messenger differs only in codes); `vonage` covers both Vonage APIs.
    public static func families(named name: String) -> [MockProviderFamily]? {
        switch name.lowercased() {
        case "whatsapp", "wa": return [.whatsapp, .dialog360]
        case "meta", "graph": return [.whatsapp, .dialog360, .messenger]
        case "360dialog", "dialog360", "d360": return [.dialog360]
        case "messenger", "instagram", "ig": return [.messenger]
        case "telegram", "tg": return [.telegram]
        case "twilio": return [.twilio]
        case "vonage": return [.vonageSMS, .vonageMessages]
        case "vonage-sms": return [.vonageSMS]
        case "vonage-messages": return [.vonageMessages]
        case "messagebird", "bird": return [.messagebird]
        default: return nil
        }
    }
}
