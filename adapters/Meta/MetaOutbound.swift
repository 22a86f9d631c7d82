import AdapterKit
import SwitchboardCore

/// The Graph Send API encoder: one canonical outbound message in, one HTTP request out.
///
/// - WhatsApp: `POST {base}/{version}/{phone_number_id}/messages`, body from ``WhatsAppCloudOutbound``.
/// - Messenger and Instagram: `POST {base}/{version}/{page_or_ig_id}/messages`, body from
///   ``messengerBody(for:)``.
///
/// `base` is `connection.baseURL`, else `https://graph.facebook.com` (Instagram connections with
/// `options.login = "instagram"` default to `https://graph.instagram.com`). `version` is
/// `connection.options["api_version"]`, else ``defaultAPIVersion``. The `access_token` secret travels
/// only in `Authorization: Bearer …`, never in the URL or the body. The account in the path is the
/// message's account (phone_number_id, Page id or Instagram account id); a connection bound to a
/// different account or channel refuses the message instead of sending it from the wrong sender.
public enum MetaOutbound {
    /// The Graph API version used when the connection does not pin one with `options.api_version`.
    /// v24.0 (released October 2025) is supported by Meta until at least late 2027.
    public static let defaultAPIVersion = "v24.0"
    /// The Graph API host.
    public static let defaultBaseURL = "https://graph.facebook.com"
    /// The host for Instagram API with Instagram Login (`options.login = "instagram"`).
    public static let instagramLoginBaseURL = "https://graph.instagram.com"

    /// The provider request that sends `message` through `connection`.
    public static func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        if let channel = connection.channel, channel != message.channel {
            throw .invalidMessage(
                "connection \(connection.name) carries \(channel.rawValue), the message is for \(message.channel.rawValue)")
        }
        if !connection.account.isEmpty, connection.account != message.account {
            throw .invalidMessage(
                "connection \(connection.name) sends as account \(connection.account), the message is addressed from \(message.account)")
        }
        try checkPathSegment(message.account)
        let body: JSONValue
        let operation: String
        switch message.channel {
        case .whatsapp:
            body = try WhatsAppCloudOutbound.body(for: message)
            operation = message.content.type == .action ? (message.content.action?["name"]?.string ?? "action") : "message"
        case .messenger, .instagram:
            (body, operation) = try messengerBody(for: message)
        default:
            throw SwitchboardError(
                code: .unsupportedContent,
                message: "the meta provider sends to whatsapp, messenger and instagram, not to \(message.channel.rawValue)")
        }
        let token = try connection.secret("access_token")
        let url = "\(baseURL(for: message.channel, connection: connection))/\(apiVersion(connection))/\(message.account)/messages"
        var request = ProviderRequest.json(
            url: url, headers: [HTTPField(name: "Authorization", value: "Bearer \(token)")], body: body)
        request.annotations.set("channel", .string(message.channel.rawValue))
        request.annotations.set("operation", .string(operation))
        return request
    }

    /// `options.api_version` (with a leading `v` added when missing), else ``defaultAPIVersion``.
    static func apiVersion(_ connection: ConnectionConfig) -> String {
        guard let version = connection.options["api_version"], !version.isEmpty else { return defaultAPIVersion }
        return version.hasPrefix("v") ? version : "v\(version)"
    }

    /// `connection.baseURL` without a trailing slash, else the Graph host for the channel.
    static func baseURL(for channel: Channel, connection: ConnectionConfig) -> String {
        if var base = connection.baseURL, !base.isEmpty {
            while base.hasSuffix("/") { base.removeLast() }
            return base
        }
        if channel == .instagram, connection.options["login"] == "instagram" { return instagramLoginBaseURL }
        return defaultBaseURL
    }

    private static func checkPathSegment(_ account: String) throws(SwitchboardError) {
        let allowed = account.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == ".")
        }
        guard !account.isEmpty, allowed else {
            throw .invalidMessage("account \"\(account)\" is not a Graph API id (phone_number_id, Page id or Instagram account id)")
        }
    }
}
