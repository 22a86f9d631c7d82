import AdapterKit
import SwitchboardCore

/// Vonage (Nexmo): the SMS API and the Messages API (SMS, MMS, WhatsApp, Messenger), docs/providers.md §7.
///
/// Inbound: SMS API messages and delivery receipts as GET queries, forms or JSON (signed with `sig`),
/// Messages API messages and statuses as JSON (signed with a Bearer JWT). Concatenated SMS parts are
/// emitted as `message_part` events for ``ConcatenatedSMSAssembler``. See README.md.
public struct VonageAdapter: ChannelAdapter {
    public init() {}

    public var provider: Provider { .vonage }

    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        VonageSignature.verify(request, connection: connection)
    }

    /// A Messages API Bearer JWT (``VonageSignature/sign(_:connection:at:)``), which verifies SMS API webhooks too.
    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        VonageSignature.sign(request, connection: connection, at: time)
    }

    /// SMS.
    public var channels: Set<Channel> { [.sms] }

    /// The same number, with or without `+` (Vonage writes `14155550100`, events carry `+14155550100`).
    public func owns(account: String, connection: ConnectionConfig) -> Bool {
        AccountMatch.sameNumber(account, connection.account)
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        try VonageWebhook.decode(request, context: context)
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try VonageOutbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        VonageResponseInterpreter.interpret(response)
    }
}
