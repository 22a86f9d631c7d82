import AdapterKit
import SwitchboardCore

/// Builds MessageBird REST requests (docs/providers.md §8), `Authorization: AccessKey <access_key>`:
///
/// - text: `POST https://rest.messagebird.com/messages` `{originator, recipients, body, datacoding,
///   reference?, reportUrl?}`, `datacoding` `unicode` when the text needs UCS-2, else `plain`;
/// - media: `POST https://rest.messagebird.com/mms` `{originator, recipients, body?, mediaUrls}` (≤10 URLs).
///
/// Numbers go without `+`; `reference` is the message's `metadata`, `reportUrl` the option `report_url`.
enum MessageBirdOutbound {
    static let maxMedia = 10

    static func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        guard message.channel == .sms else {
            throw .invalidMessage("the MessageBird adapter sends sms only, not \(message.channel.rawValue)")
        }
        let accessKey = try connection.secret("access_key")
        var body = JSONObject()
        body.set("originator", .string(SMSAddress.digitsOnly(message.account)))
        body.set("recipients", [.string(SMSAddress.digitsOnly(message.to))])
        let base = (connection.baseURL ?? "https://rest.messagebird.com").trimmingSuffix("/")
        let path: String
        var annotations = JSONObject()
        switch message.content.type {
        case .text:
            let text = message.content.text ?? ""
            let encoding = SMSEncoding(text)
            body.set("body", .string(text))
            body.set("datacoding", .string(encoding.scheme == .ucs2 ? "unicode" : "plain"))
            annotations = encoding.annotations
            path = "/messages"
        case .media:
            let attachments = message.content.attachments
            guard attachments.count <= maxMedia else {
                throw .invalidMessage("MessageBird MMS carries at most \(maxMedia) media, got \(attachments.count)")
            }
            var urls: [JSONValue] = []
            for (index, attachment) in attachments.enumerated() {
                guard let url = attachment.url else {
                    throw .invalidMessage("content.attachments[\(index)] needs a url: MessageBird fetches media by URL")
                }
                urls.append(.string(url))
            }
            body.set("body", message.content.text.map(JSONValue.string))
            body.set("mediaUrls", .array(urls))
            path = "/mms"
        default:
            throw .unsupportedContent(channel: message.channel, type: message.content.type)
        }
        body.set("reference", message.metadata.map(JSONValue.string))
        if let report = connection.options["report_url"], !report.isEmpty { body.set("reportUrl", .string(report)) }
        var request = ProviderRequest.json(
            url: base + path, headers: [HTTPField(name: "Authorization", value: "AccessKey \(accessKey)")], body: .object(body))
        request.annotations = annotations
        return request
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
