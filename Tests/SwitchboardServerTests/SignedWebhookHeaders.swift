import AdapterKit
import HTTPTypes
import SwitchboardCore
import TestSupport

extension HTTPFields {
    /// `fields` (a signed ``InboundRequest``'s headers) as an HTTP client sends them.
    init(_ fields: [SwitchboardCore.HTTPField]) {
        self.init()
        for field in fields {
            if let name = HTTPField.Name(field.name) { self.append(HTTPField(name: name, value: field.value)) }
        }
    }

    /// The headers of a webhook POST of `body` to `url`, signed for `connection` by its provider's adapter
    /// (``WebhookSigner``), with `Content-Type` (`contentType`, else the provider's webhook media type).
    static func signedWebhook(
        _ body: [UInt8], connection: ConnectionConfig, url: String = "http://localhost/", contentType: String? = nil
    ) -> HTTPFields {
        HTTPFields(WebhookSigner.headers(for: body, connection: connection, url: url, contentType: contentType))
    }
}
