import AdapterKit
import SwitchboardCore

/// Email (`--provider email`): a raw RFC 5322 message in, canonical events out; a canonical message
/// in, an SMTP submission out; the SMTP reply in, a delivery outcome out. See README.md.
public struct EmailAdapter: ChannelAdapter {
    public init() {}

    public var provider: Provider { .email }

    /// Mail arrives from an MTA pipe, an IMAP poller or an inbound-parse service; there is no provider
    /// signature. The connection's `webhook_token` secret must come as `?token=` or in `X-Switchboard-Token`,
    /// compared in constant time. A connection without one refuses every request, unless it says
    /// `insecure_accept_unsigned: true` (mail posted from inside a trust boundary).
    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        guard let expected = connection.secrets["webhook_token"]?.value, !expected.isEmpty else {
            return connection.insecureAcceptUnsigned
                ? .valid : .invalid(reason: "the connection has no webhook check configured: \(Self.remedy)")
        }
        guard let given = request.query("token") ?? request.header("X-Switchboard-Token") else {
            return .invalid(reason: "missing token")
        }
        return Signature.constantTimeEquals(Array(given.utf8), Array(expected.utf8)) ? .valid : .invalid(reason: "token mismatch")
    }

    /// What to configure for a connection without a `webhook_token`.
    static let remedy = "configure the secret webhook_token and post mail with it (?token= or X-Switchboard-Token)"

    /// Signing is the operator's choice: ``WebhookAuthentication/configured`` with a `webhook_token`, else
    /// ``WebhookAuthentication/missing(remedy:)``.
    public func webhookAuthentication(connection: ConnectionConfig) -> WebhookAuthentication {
        (connection.secrets["webhook_token"]?.value ?? "").isEmpty ? .missing(remedy: Self.remedy) : .configured
    }

    /// The `webhook_token` in `X-Switchboard-Token` (unchanged without one).
    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        guard let token = connection.secrets["webhook_token"]?.value, !token.isEmpty else { return request }
        var signed = request
        signed.setHeader("X-Switchboard-Token", token)
        return signed
    }

    /// Email only.
    public var channels: Set<Channel> { [.email] }

    /// A raw RFC 5322 message.
    public var webhookContentType: String { "message/rfc822" }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        try EmailWebhook.decode(request.body, context: context)
    }

    /// The same mailbox, ignoring case and a display name (`Support <SUPPORT@example.com>`).
    public func owns(account: String, connection: ConnectionConfig) -> Bool {
        func mailbox(_ text: String) -> String { EmailAddress.parseList(text).first?.normalized ?? text.lowercased() }
        return mailbox(account) == mailbox(connection.account)
    }

    /// The `webhook_token`, as `?token=` or `X-Switchboard-Token` (``verify(_:connection:)``).
    public func credentialFields(connection: ConnectionConfig) -> CredentialFields {
        CredentialFields(headers: ["X-Switchboard-Token"], queryParameters: ["token"])
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        guard message.channel == .email else {
            throw .invalidMessage("the email provider sends on channel email, not \(message.channel.rawValue)")
        }
        return try SMTPRequest.make(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        SMTPRequest.interpret(response, for: request)
    }

    /// Stamps the `Date:` header with the send time when the message has none (``SMTPRequest/stampingDate(_:at:)``).
    public func preparing(_ request: ProviderRequest, at time: Timestamp) -> ProviderRequest {
        SMTPRequest.stampingDate(request, at: time)
    }
}
