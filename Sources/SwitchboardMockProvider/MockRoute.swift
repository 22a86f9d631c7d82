import SwitchboardCore

/// Which endpoint a request path names.
///
/// Send endpoints (the paths the adapters build from a connection's `base_url`):
/// - `POST /{version}/{id}/messages` — Graph: WhatsApp when the body says `messaging_product: whatsapp`,
///   else Messenger/Instagram;
/// - `POST /messages` — 360dialog (with `D360-API-KEY`, or a body with `messaging_product`) or MessageBird;
/// - `POST /mms` — MessageBird MMS;
/// - `POST /bot{token}/{method}` — Telegram;
/// - `POST /2010-04-01/Accounts/{sid}/Messages.json` — Twilio;
/// - `POST /sms/json` — Vonage SMS API; `POST /v1/messages` — Vonage Messages API.
///
/// Template catalogs (``TemplateReplies``): `GET /{version}/{waba_id}/message_templates` (Cloud API) and
/// `GET /v1/configs/templates` (360dialog).
///
/// Every send path may also be prefixed with a provider name (`/360dialog/messages`,
/// `/messagebird/messages`, `/meta/v21.0/…`), so one mock can serve connections whose `base_url`
/// ends in that prefix without any ambiguity. Control endpoints live under `/_mock/`.
enum MockRoute: Equatable {
    case requests
    case faults
    case health
    case send(family: MockProviderFamily, account: String?, method: String?, isMMS: Bool)
    /// `/messages` without a provider prefix: 360dialog or MessageBird, decided from headers and body.
    case sharedMessages(prefixed: MockProviderFamily?)
    /// A template catalog listing (`account`: the WhatsApp Business Account id of a Cloud API path).
    case templates(family: MockProviderFamily, account: String?)
    case notFound

    static let prefixes: [String: MockProviderFamily] = [
        "meta": .whatsapp, "graph": .whatsapp, "whatsapp": .whatsapp, "messenger": .messenger, "instagram": .messenger,
        "360dialog": .dialog360, "telegram": .telegram, "twilio": .twilio, "vonage": .vonageSMS, "messagebird": .messagebird,
    ]

    static func match(path: String) -> MockRoute {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.first == "_mock" {
            switch parts.dropFirst().first {
            case "requests": return .requests
            case "faults": return .faults
            case "health": return .health
            default: return .notFound
            }
        }
        var prefixed: MockProviderFamily?
        if let first = parts.first, let family = prefixes[first.lowercased()], parts.count > 1 {
            prefixed = family
            parts.removeFirst()
        }
        switch parts.count {
        case 1 where parts[0] == "messages":
            if prefixed == .dialog360 || prefixed == .messagebird { return .sharedMessages(prefixed: prefixed) }
            return prefixed == nil ? .sharedMessages(prefixed: nil) : .notFound
        case 1 where parts[0] == "mms":
            return .send(family: .messagebird, account: nil, method: nil, isMMS: true)
        case 2 where parts[0].hasPrefix("bot"):
            return .send(family: .telegram, account: String(parts[0].dropFirst(3)), method: parts[1], isMMS: false)
        case 2 where parts == ["sms", "json"]:
            return .send(family: .vonageSMS, account: nil, method: nil, isMMS: false)
        case 2 where parts == ["v1", "messages"]:
            return .send(family: .vonageMessages, account: nil, method: nil, isMMS: false)
        case 3 where parts[2] == "message_templates" && isGraphVersion(parts[0]) && prefixed != .dialog360:
            return .templates(family: .whatsapp, account: parts[1])
        case 3 where parts == ["v1", "configs", "templates"]:
            return .templates(family: .dialog360, account: nil)
        case 3 where parts[2] == "messages" && isGraphVersion(parts[0]):
            return .send(family: prefixed == .messenger ? .messenger : .whatsapp, account: parts[1], method: nil, isMMS: false)
        case 4 where parts[0] == "2010-04-01" && parts[1] == "Accounts" && parts[3] == "Messages.json":
            return .send(family: .twilio, account: parts[2], method: nil, isMMS: false)
        default:
            return .notFound
        }
    }

    /// `v21.0`, `v19`, …
    static func isGraphVersion(_ text: String) -> Bool {
        guard text.hasPrefix("v"), text.count > 1 else { return false }
        return text.dropFirst().allSatisfy { $0.isNumber || $0 == "." }
    }

    /// Resolves `/messages` between 360dialog and MessageBird.
    static func sharedMessagesFamily(prefixed: MockProviderFamily?, headers: [(name: String, value: String)], body: [UInt8])
        -> MockProviderFamily
    {
        if let prefixed { return prefixed }
        if headers.contains(where: { $0.name.lowercased() == "d360-api-key" }) { return .dialog360 }
        if headers.contains(where: { $0.name.lowercased() == "authorization" && $0.value.lowercased().hasPrefix("accesskey") }) {
            return .messagebird
        }
        if let json = try? JSONParser.parse(body), json["messaging_product"] != nil { return .dialog360 }
        return .messagebird
    }
}
