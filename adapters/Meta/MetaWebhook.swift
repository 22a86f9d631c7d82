import AdapterKit
import SwitchboardCore

/// Decodes a Meta webhook body: parses the JSON once and dispatches on `object`.
///
/// - `whatsapp_business_account` → ``WhatsAppCloudInbound`` (channel `whatsapp`);
/// - `page` → ``MetaMessagingInbound`` (channel `messenger`);
/// - `instagram` → ``MetaMessagingInbound`` for DMs and ``MetaInstagramInbound`` for comments (channel `instagram`).
enum MetaWebhook {
    /// The `object` values Meta sends.
    static let objects = ["whatsapp_business_account", "page", "instagram"]

    static func decode(_ body: [UInt8]) throws(SwitchboardError) -> [CanonicalEvent] {
        let root: JSONValue
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .malformed("the Meta webhook body is not valid JSON: \(error)")
        }
        guard root.object != nil else { throw .notForProvider("a Meta webhook body must be a JSON object") }
        switch root["object"]?.string {
        case WhatsAppCloudInbound.objectName:
            return try WhatsAppCloudInbound.decode(root, provider: .meta)
        case "page":
            return try MetaMessagingInbound.decode(root, channel: .messenger)
        case "instagram":
            return try MetaMessagingInbound.decode(root, channel: .instagram)
        default:
            let found = root["object"].map { $0.canonicalText } ?? "no \"object\""
            throw .notForProvider("not a Meta webhook: object is \(found), expected one of \(objects.joined(separator: ", "))")
        }
    }
}
