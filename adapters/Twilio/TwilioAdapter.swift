import AdapterKit
import SwitchboardCore

/// Twilio Programmable Messaging: SMS, MMS and WhatsApp through Twilio (docs/providers.md §6).
///
/// Inbound: form webhooks (or GET queries) for messages and status callbacks, signed with
/// `X-Twilio-Signature`. Outbound: the Messages resource with HTTP Basic auth. See README.md.
public struct TwilioAdapter: ChannelAdapter {
    public init() {}

    public var provider: Provider { .twilio }

    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        TwilioSignature.verify(request, connection: connection)
    }

    /// `X-Twilio-Signature` over the URL and form parameters (``TwilioSignature/sign(_:connection:)``).
    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        TwilioSignature.sign(request, connection: connection)
    }

    /// SMS (and MMS) and WhatsApp.
    public var channels: Set<Channel> { [.sms, .whatsapp] }

    /// Form-encoded.
    public var webhookContentType: String { "application/x-www-form-urlencoded" }

    /// The same number (``AccountMatch/sameNumber(_:_:)``), with or without the `whatsapp:`/`messenger:` prefix
    /// Twilio writes addresses with (events carry the number alone).
    public func owns(account: String, connection: ConnectionConfig) -> Bool {
        AccountMatch.sameNumber(TwilioWebhook.address(account).id, TwilioWebhook.address(connection.account).id)
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        try TwilioWebhook.decode(request, context: context)
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try TwilioOutbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        TwilioResponseInterpreter.interpret(response)
    }

    /// An empty TwiML response: Twilio sends nothing back to the contact.
    public func acknowledgement(for request: InboundRequest) -> HandshakeResponse {
        HandshakeResponse(status: 200, contentType: "text/xml", body: #"<?xml version="1.0" encoding="UTF-8"?><Response/>"#)
    }
}
