import AdapterKit
import SwitchboardCore

/// Webhook authenticity for 360dialog (docs/providers.md §1 "Signature").
///
/// 360dialog signs only optionally, so two independent checks exist, each active only when the
/// connection configures it:
/// - secret `webhook_secret`: the `x-360dialog-signature` header must be the HMAC-SHA256 of the raw
///   body keyed with it, as hex (optionally `sha256=`-prefixed) or base64;
/// - option `webhook_header` (a header name, e.g. `Authorization`) with secret `webhook_header_value`:
///   that static header, configured on the webhook URL at 360dialog, must carry exactly that value.
///
/// With both configured both must pass. With neither configured there is nothing to check against: every request
/// is refused, unless the connection says `insecure_accept_unsigned: true` (which the configuration loader requires
/// for such a connection, and `serve` warns about at start).
public enum Dialog360Signature {
    /// The signature header name.
    public static let signatureHeader = "x-360dialog-signature"

    /// What to configure for a connection with neither check.
    static let remedy =
        "configure the secret webhook_secret (x-360dialog-signature), or the option webhook_header with the secret "
        + "webhook_header_value (a static header set on the webhook URL at 360dialog)"

    /// Whether the connection configures a check (``ChannelAdapter/webhookAuthentication(connection:)``).
    public static func authentication(connection: ConnectionConfig) -> WebhookAuthentication {
        let secret = !(connection.secrets["webhook_secret"]?.value ?? "").isEmpty
        let header = !(connection.options["webhook_header"] ?? "").isEmpty
        return secret || header ? .configured : .missing(remedy: remedy)
    }

    /// Checks `request` against the connection's configured secrets; with none configured, refuses it unless the
    /// connection accepts unsigned requests (``ConnectionConfig/insecureAcceptUnsigned``).
    public static func verify(_ request: InboundRequest, connection: ConnectionConfig) -> VerificationResult {
        if case .missing = authentication(connection: connection) {
            return connection.insecureAcceptUnsigned
                ? .valid : .invalid(reason: "the connection has no webhook check configured: \(remedy)")
        }
        if let secret = connection.secrets["webhook_secret"]?.value, !secret.isEmpty {
            guard let header = request.header(signatureHeader), !header.isEmpty else {
                return .invalid(reason: "missing \(signatureHeader) header")
            }
            let expected = Signature.hmac(.sha256, key: secret, message: request.body)
            guard matches(header, expected) else { return .invalid(reason: "\(signatureHeader) does not match the body") }
        }
        if let name = connection.options["webhook_header"], !name.isEmpty {
            guard let value = connection.secrets["webhook_header_value"]?.value, !value.isEmpty else {
                return .invalid(reason: "the connection names webhook_header \(name) but has no webhook_header_value secret")
            }
            guard let received = request.header(name), Signature.constantTimeEquals(received, value) else {
                return .invalid(reason: "the \(name) header is missing or wrong")
            }
        }
        return .valid
    }

    /// `request` with what each configured check looks for: `x-360dialog-signature` (hex HMAC-SHA256 of the body)
    /// with `webhook_secret`, the `webhook_header` with its `webhook_header_value`.
    public static func sign(_ request: InboundRequest, connection: ConnectionConfig) -> InboundRequest {
        var signed = request
        if let secret = connection.secrets["webhook_secret"]?.value, !secret.isEmpty {
            signed.setHeader(signatureHeader, Signature.hex(Signature.hmac(.sha256, key: secret, message: request.body)))
        }
        if let name = connection.options["webhook_header"], !name.isEmpty,
            let value = connection.secrets["webhook_header_value"]?.value, !value.isEmpty
        {
            signed.setHeader(name, value)
        }
        return signed
    }

    private static func matches(_ header: String, _ expected: [UInt8]) -> Bool {
        var value = header.trimmingCharacters(in: " \t")
        if value.lowercased().hasPrefix("sha256=") { value = String(value.dropFirst(7)) }
        if value.utf8.count == 64, let bytes = Signature.unhex(value) { return Signature.constantTimeEquals(bytes, expected) }
        if let bytes = Base64.decode(value) { return Signature.constantTimeEquals(bytes, expected) }
        return false
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
