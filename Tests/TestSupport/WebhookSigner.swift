import AdapterKit
import Foundation
import SwitchboardAdapters
import SwitchboardCore

/// Signs webhooks in tests the way each provider does, through the provider's adapter
/// (``ChannelAdapter/sign(_:connection:at:)``, the inverse of its `verify`): tests never compute a provider
/// signature by hand, except an adapter's own known-answer tests, which pin the algorithm.
public enum WebhookSigner {
    /// `request` with `connection`'s provider authentication added, at `time`; unchanged for a provider the
    /// standard registry does not know. `request.url` must be the URL the gateway will see (Twilio and MessageBird
    /// sign it; Twilio adds `bodySHA256` to it for a JSON body).
    public static func sign(
        _ request: InboundRequest, connection: ConnectionConfig, at time: Timestamp = Timestamp(Date())
    ) -> InboundRequest {
        StandardAdapters.registry.adapter(for: connection.provider)?.sign(request, connection: connection, at: time) ?? request
    }

    /// The headers of a webhook POST of `body` to `url` signed for `connection`: `Content-Type` (`contentType`, else
    /// the provider's ``ChannelAdapter/webhookContentType``) and the provider's authentication.
    public static func headers(
        for body: [UInt8], connection: ConnectionConfig, url: String = "http://localhost/", contentType: String? = nil,
        at time: Timestamp = Timestamp(Date())
    ) -> [HTTPField] {
        let type = contentType ?? StandardAdapters.registry.adapter(for: connection.provider)?.webhookContentType ?? "application/json"
        let request = InboundRequest(url: url, headers: [HTTPField(name: "Content-Type", value: type)], body: body)
        return sign(request, connection: connection, at: time).headers
    }
}
