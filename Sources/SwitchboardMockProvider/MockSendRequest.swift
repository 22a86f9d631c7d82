import AdapterKit
import SwitchboardCore

/// A send request as the mock understands it: which provider it is for, who it is to, and whether it
/// carries credentials. Built from the path, headers and body by ``MockRoute``.
struct MockSendRequest: Sendable {
    var family: MockProviderFamily
    /// `/{version}/{id}/messages` id, Twilio account SID, Telegram bot token, ...
    var pathAccount: String?
    /// Telegram method name (`sendMessage`, ...).
    var method: String?
    /// `true` for MessageBird `/mms`.
    var isMMS: Bool
    var headers: [(name: String, value: String)]
    var query: FormBody
    var body: [UInt8]
    /// The body as JSON, when it is JSON.
    var json: JSONValue?
    /// The body as a form, when it is form-encoded.
    var form: FormBody?

    init(
        family: MockProviderFamily, pathAccount: String? = nil, method: String? = nil, isMMS: Bool = false,
        headers: [(name: String, value: String)], query: String, body: [UInt8]
    ) {
        self.family = family
        self.pathAccount = pathAccount
        self.method = method
        self.isMMS = isMMS
        self.headers = headers
        self.query = FormBody.parse(query)
        self.body = body
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value.lowercased() ?? ""
        if contentType.contains("x-www-form-urlencoded") {
            form = FormBody.parse(body)
        } else if let parsed = try? JSONParser.parse(body) {
            json = parsed
        } else if !body.isEmpty, body.contains(UInt8(ascii: "=")) {
            form = FormBody.parse(body)
        }
    }

    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// A field from the JSON body, the form body, or the query string (in that order).
    func field(_ name: String) -> String? {
        json?[name]?.identifier ?? form?[name] ?? query[name]
    }

    /// The `Authorization` credential after `scheme` (case-insensitive), when non-empty.
    func authorization(_ scheme: String) -> String? {
        guard let value = header("Authorization") else { return nil }
        let prefix = scheme.lowercased() + " "
        guard value.lowercased().hasPrefix(prefix) else { return nil }
        let credential = value.dropFirst(prefix.count).trimmingPrefixSpaces()
        return credential.isEmpty ? nil : String(credential)
    }

    /// Whether the request carries the credentials its provider requires (presence only, any value).
    var hasCredentials: Bool {
        switch family {
        case .whatsapp, .messenger: return authorization("Bearer") != nil || !(query["access_token"] ?? "").isEmpty
        case .dialog360: return !(header("D360-API-KEY") ?? "").isEmpty
        case .telegram: return !(pathAccount ?? "").isEmpty
        case .twilio: return authorization("Basic") != nil
        case .vonageSMS:
            let hasKey = !(field("api_key") ?? "").isEmpty
            return hasKey && (!(field("api_secret") ?? "").isEmpty || !(field("sig") ?? "").isEmpty)
        case .vonageMessages: return authorization("Bearer") != nil || authorization("Basic") != nil
        case .messagebird: return authorization("AccessKey") != nil
        }
    }

    /// The recipient as the provider names it: WhatsApp `to`/`recipient`, Messenger `recipient.id`,
    /// Telegram `chat_id`, Twilio `To`, Vonage `to`, MessageBird's first `recipients` entry.
    var recipient: String? {
        switch family {
        case .whatsapp, .dialog360: return json?["to"]?.identifier ?? json?["recipient"]?.identifier
        case .messenger:
            let recipient = json?["recipient"]
            return recipient?["id"]?.identifier ?? recipient?["comment_id"]?.identifier ?? recipient?["user_ref"]?.identifier
                ?? query["recipient"]
        case .telegram: return field("chat_id")
        case .twilio: return field("To")
        case .vonageSMS, .vonageMessages: return field("to")
        case .messagebird:
            if let first = json?["recipients"]?.array?.first { return first.identifier }
            return (json?["recipients"]?.identifier ?? form?["recipients"])?.split(separator: ",").first.map(String.init)
        }
    }
}

extension Substring {
    fileprivate func trimmingPrefixSpaces() -> Substring { drop { $0 == " " } }
}
