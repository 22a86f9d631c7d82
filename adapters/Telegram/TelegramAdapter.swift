import AdapterKit
import SwitchboardCore

/// The Telegram Bot API (`--provider telegram`, channel `telegram`; see README.md in this folder).
///
/// - verify: the `X-Telegram-Bot-Api-Secret-Token` header against the connection's `secret_token`;
/// - decode: one `Update` per delivery → canonical events;
/// - encode: `POST {base}/bot<bot_token>/<method>` with a JSON body (secret `bot_token`; `base_url` overrides
///   `https://api.telegram.org`; option `business_connection_id` sends on behalf of a business account);
/// - interpret: Bot API answers → delivery outcomes.
public struct TelegramAdapter: ChannelAdapter {
    public init() {}

    public var provider: Provider { .telegram }

    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        TelegramSignature.verify(request, connection: connection)
    }

    /// The `secret_token` in `X-Telegram-Bot-Api-Secret-Token` (``TelegramSignature``).
    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        TelegramSignature.sign(request, connection: connection)
    }

    /// Telegram only.
    public var channels: Set<Channel> { [.telegram] }

    /// A group or supergroup: its chat id is negative (a user's is positive), and the Bot API limits the messages
    /// a bot sends to one group per minute.
    public func isGroup(recipient: String) -> Bool { recipient.hasPrefix("-") }

    /// The `secret_token` header (``TelegramSignature``).
    public func credentialFields(connection: ConnectionConfig) -> CredentialFields {
        CredentialFields(headers: [TelegramSignature.headerName])
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        try TelegramWebhook.decode(request.body, context: context)
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try TelegramOutbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        TelegramResponseInterpreter.interpret(response, for: request)
    }
}
