import AdapterKit
import Foundation
import SwitchboardCore

/// Signs a webhook the way each provider does, with a connection's secrets: what
/// `switchboard replay --to` uses to post fixtures to a running gateway, and what tests use.
public enum WebhookSigner {
    /// `request` with the provider's authentication headers added for `connection`. `request.url`
    /// must be the URL the gateway will see (Twilio and MessageBird sign it).
    public static func sign(_ request: InboundRequest, connection: ConnectionConfig, now: Date = Date()) -> InboundRequest {
        var signed = request
        signed.headers.removeAll { SensitiveHeaders.isSensitive($0.name) }
        func add(_ name: String, _ value: String) { signed.headers.append(HTTPField(name: name, value: value)) }
        func secret(_ name: String) -> String? { connection.secrets[name].map(\.value).flatMap { $0.isEmpty ? nil : $0 } }
        switch connection.provider {
        case .meta:
            if let key = secret("app_secret") { add("X-Hub-Signature-256", "sha256=" + hmacHex(key, request.body)) }
        case .dialog360:
            if let key = secret("webhook_secret") { add("x-360dialog-signature", hmacHex(key, request.body)) }
            if let name = connection.options["webhook_header"], let value = secret("webhook_header_value") { add(name, value) }
        case .telegram:
            if let token = secret("secret_token") { add("X-Telegram-Bot-Api-Secret-Token", token) }
        case .twilio:
            if let token = secret("auth_token") {
                var parameters: [(name: String, value: String)] = []
                if request.contentType == "application/x-www-form-urlencoded" {
                    parameters = FormBody.parse(String(decoding: request.body, as: UTF8.self)).fields
                } else if !request.body.isEmpty && request.query("bodySHA256") == nil {
                    // JSON-bodied webhooks: the URL carries the body's hash and only the URL is signed.
                    let hash = Signature.hex(Signature.digest(.sha256, request.body))
                    signed.url += (signed.url.contains("?") ? "&" : "?") + "bodySHA256=" + hash
                }
                let base = parameters.sorted { $0.name < $1.name }.reduce(signed.url) { $0 + $1.name + $1.value }
                add("X-Twilio-Signature", Signature.base64(Signature.hmac(.sha1, key: token, message: Array(base.utf8))))
            }
        case .vonage:
            if let key = secret("signature_secret") {
                let claims: JSONValue = [
                    "iat": .int(Int64(now.timeIntervalSince1970)), "jti": .string(UUID().uuidString),
                    "payload_hash": .string(Signature.hex(Signature.digest(.sha256, request.body))),
                ]
                add("Authorization", "Bearer " + jwt(claims, key: key))
            }
        case .messagebird:
            if let key = secret("signing_key") {
                let seconds = Int64(now.timeIntervalSince1970)
                var claims = JSONObject()
                claims.set("iss", "MessageBird")
                claims.set("nbf", .int(seconds - 1))
                claims.set("exp", .int(seconds + 300))
                claims.set("jti", .string(UUID().uuidString))
                claims.set("url_hash", .string(Signature.hex(Signature.digest(.sha256, Array(request.url.utf8)))))
                if !request.body.isEmpty {
                    claims.set("payload_hash", .string(Signature.hex(Signature.digest(.sha256, request.body))))
                }
                add("MessageBird-Signature-JWT", jwt(.object(claims), key: key))
            }
        case .email:
            if let token = secret("webhook_token") { add("X-Switchboard-Token", token) }
        default:
            break
        }
        return signed
    }

    static func hmacHex(_ key: String, _ body: [UInt8]) -> String { Signature.hex(Signature.hmac(.sha256, key: key, message: body)) }

    /// A compact HS256 JWT.
    static func jwt(_ claims: JSONValue, key: String) -> String {
        let header = Signature.base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Signature.base64URL(JSONWriter(sortedKeys: true).bytes(claims))
        let signature = Signature.hmac(.sha256, key: key, message: Array("\(header).\(payload)".utf8))
        return "\(header).\(payload).\(Signature.base64URL(signature))"
    }
}
