import AdapterKit
import SwitchboardCore

/// The 360dialog send encoder: Cloud API bodies to `POST {base}/messages`.
///
/// `base` is `connection.baseURL`, else ``defaultBaseURL``; no API version and no phone number id in
/// the path (the API key identifies the number). The `api_key` secret travels only in the
/// `D360-API-KEY` header.
public enum Dialog360Outbound {
    /// 360dialog's Cloud API endpoint.
    public static let defaultBaseURL = "https://waba-v2.360dialog.io"

    /// The provider request that sends `message` through `connection`.
    public static func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        guard message.channel == .whatsapp else {
            throw SwitchboardError(
                code: .unsupportedContent, message: "360dialog sends only to whatsapp, not to \(message.channel.rawValue)")
        }
        if !connection.account.isEmpty, connection.account != message.account {
            throw .invalidMessage(
                "connection \(connection.name) sends as account \(connection.account), the message is addressed from \(message.account)")
        }
        let body = try WhatsAppCloudOutbound.body(for: message)
        let apiKey = try connection.secret("api_key")
        var request = ProviderRequest.json(
            url: "\(baseURL(connection))/messages", headers: [HTTPField(name: "D360-API-KEY", value: apiKey)], body: body)
        request.annotations.set("channel", "whatsapp")
        let operation = message.content.type == .action ? (message.content.action?["name"]?.string ?? "action") : "message"
        request.annotations.set("operation", .string(operation))
        return request
    }

    /// `connection.baseURL` without a trailing slash, else ``defaultBaseURL``.
    public static func baseURL(_ connection: ConnectionConfig) -> String {
        guard var base = connection.baseURL, !base.isEmpty else { return defaultBaseURL }
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
