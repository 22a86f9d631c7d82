import AdapterKit
import SwitchboardCore

/// 360dialog: a WhatsApp Business Solution Provider that proxies the Cloud API.
///
/// Sends the Cloud API's own bodies (``WhatsAppCloudOutbound``) to `POST {base}/messages` with a
/// `D360-API-KEY` header; answers are Graph-shaped and classified like Meta's
/// (``WhatsAppResponseInterpreter``). Webhooks carry the Cloud API envelope and are decoded by the
/// shared ``WhatsAppCloudInbound``; media URLs are rewritten to 360dialog's host, since 360dialog
/// proxies media downloads (docs/providers.md §2.5).
public struct Dialog360Adapter: ChannelAdapter {
    public init() {}
    public var provider: Provider { .dialog360 }

    /// See ``Dialog360Signature``.
    public func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        Dialog360Signature.verify(request, connection: connection)
    }

    /// 360dialog signs only optionally: ``Dialog360Signature/authentication(connection:)``.
    public func webhookAuthentication(connection: ConnectionConfig) -> WebhookAuthentication {
        Dialog360Signature.authentication(connection: connection)
    }

    /// The signature and static header the connection configures (``Dialog360Signature/sign(_:connection:)``).
    public func sign(_ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp) -> InboundRequest {
        Dialog360Signature.sign(request, connection: connection)
    }

    /// WhatsApp only.
    public var channels: Set<Channel> { [.whatsapp] }

    /// The static header named by the option `webhook_header`, which carries the `webhook_header_value` secret.
    public func credentialFields(connection: ConnectionConfig) -> CredentialFields {
        CredentialFields(headers: connection.options["webhook_header"].map { [$0] } ?? [])
    }

    public func decode(_ request: InboundRequest, context: DecodeContext) throws(SwitchboardError) -> [CanonicalEvent] {
        let root: JSONValue
        do {
            root = try JSONParser.parse(request.body)
        } catch {
            throw .malformed("the body is not JSON: \(error)")
        }
        var events = try WhatsAppCloudInbound.decode(root, provider: provider)
        for index in events.indices {
            guard var content = events[index].content, content.attachments.contains(where: { $0.url != nil }) else { continue }
            for attachmentIndex in content.attachments.indices {
                if let url = content.attachments[attachmentIndex].url {
                    content.attachments[attachmentIndex].url = Dialog360Media.downloadURL(for: url)
                }
            }
            events[index].content = content
        }
        return events
    }

    public func encode(_ message: OutboundMessage, connection: ConnectionConfig) throws(SwitchboardError) -> ProviderRequest {
        try Dialog360Outbound.encode(message, connection: connection)
    }

    public func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        WhatsAppResponseInterpreter.interpret(response)
    }
}
