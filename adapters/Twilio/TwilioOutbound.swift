import AdapterKit
import SwitchboardCore

/// Builds `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` (docs/providers.md §6).
///
/// - `To`, and `From` (the connection's number) or `MessagingServiceSid` (option `messaging_service_sid`);
///   WhatsApp addresses get the `whatsapp:` prefix.
/// - `text` → `Body` (≤1600 characters); `media` → `MediaUrl` repeated (≤10, URLs only) with an optional
///   `Body`; `template` → `ContentSid` (`template.content_sid`, else `template.name`) plus `ContentVariables`
///   (`template.variables`, else the body parameters' texts numbered from 1); WhatsApp `location` →
///   `PersistentAction=geo:lat,long|label`.
/// - `StatusCallback` from option `status_callback`. HTTP Basic auth with `account_sid:auth_token`
///   (`account_sid` from the options or the secrets).
enum TwilioOutbound {
    static let maxBodyCharacters = 1600
    static let maxMedia = 10

    static func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        guard message.channel == .sms || message.channel == .whatsapp else {
            throw .invalidMessage("Twilio carries sms and whatsapp, not \(message.channel.rawValue)")
        }
        let accountSID: String
        if let option = connection.options["account_sid"], !option.isEmpty {
            accountSID = option
        } else {
            accountSID = try connection.secret("account_sid")
        }
        let authToken = try connection.secret("auth_token")
        let prefix = message.channel == .whatsapp ? "whatsapp:" : ""
        var fields: [(String, String)] = [("To", prefix + SMSAddress.e164(message.to))]
        if let service = connection.options["messaging_service_sid"], !service.isEmpty {
            fields.append(("MessagingServiceSid", service))
        } else {
            fields.append(("From", prefix + SMSAddress.e164(message.account)))
        }
        var body: String?
        let content = message.content
        switch content.type {
        case .text:
            body = content.text ?? ""
        case .media:
            guard content.attachments.count <= maxMedia else {
                throw .invalidMessage("Twilio sends at most \(maxMedia) media per message, got \(content.attachments.count)")
            }
            for (index, attachment) in content.attachments.enumerated() {
                guard let url = attachment.url else {
                    throw .invalidMessage("content.attachments[\(index)] needs a url: Twilio fetches media by URL")
                }
                fields.append(("MediaUrl", url))
            }
            body = content.text
        case .template:
            let template = content.template ?? .null
            guard let sid = template["content_sid"]?.string ?? template["name"]?.string else {
                throw .invalidMessage("content.template needs a name (the Twilio ContentSid)")
            }
            fields.append(("ContentSid", sid))
            if let variables = contentVariables(template) { fields.append(("ContentVariables", variables)) }
        case .location where message.channel == .whatsapp:
            guard let location = content.location else { throw .invalidMessage("content.location is required") }
            let label = location.name ?? location.address ?? ""
            fields.append(("PersistentAction", "geo:\(location.latitude),\(location.longitude)" + (label.isEmpty ? "" : "|\(label)")))
            body = content.text ?? label
        default:
            throw .unsupportedContent(channel: message.channel, type: content.type)
        }
        var annotations = JSONObject()
        if let body, !body.isEmpty {
            let encoding = SMSEncoding(body)
            guard encoding.characters <= maxBodyCharacters else {
                throw .invalidMessage("Twilio accepts at most \(maxBodyCharacters) characters in Body, got \(encoding.characters)")
            }
            fields.append(("Body", body))
            if message.channel == .sms { annotations = encoding.annotations }
        }
        if let callback = connection.options["status_callback"], !callback.isEmpty { fields.append(("StatusCallback", callback)) }
        let base = (connection.baseURL ?? "https://api.twilio.com").trimmingSuffix("/")
        let credentials = Base64.encode(Array("\(accountSID):\(authToken)".utf8))
        return ProviderRequest(
            url: "\(base)/2010-04-01/Accounts/\(accountSID)/Messages.json",
            headers: [
                HTTPField(name: "Authorization", value: "Basic \(credentials)"),
                HTTPField(name: "Content-Type", value: "application/x-www-form-urlencoded"),
            ],
            body: Array(FormBody.encode(fields).utf8), annotations: annotations)
    }

    /// `ContentVariables` JSON: `template.variables` as given, else `{"1": text, "2": text, ...}` from
    /// the text parameters of the template's components in order.
    static func contentVariables(_ template: JSONValue) -> String? {
        if let variables = template["variables"], variables.object != nil { return JSONWriter(sortedKeys: false).string(variables) }
        var texts: [String] = []
        for component in template["components"]?.array ?? [] {
            for parameter in component["parameters"]?.array ?? [] {
                if let text = parameter["text"]?.string { texts.append(text) }
            }
        }
        guard !texts.isEmpty else { return nil }
        let object = JSONObject(texts.enumerated().map { (String($0.offset + 1), JSONValue.string($0.element)) })
        return JSONWriter(sortedKeys: false).string(.object(object))
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
