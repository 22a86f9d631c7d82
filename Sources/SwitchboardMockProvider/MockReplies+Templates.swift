import AdapterKit
import SwitchboardCore

/// The template catalog the mock lists for WhatsApp (docs/providers.md §2.10), the same for every business account:
/// - Cloud API: `GET /{version}/{waba_id}/message_templates?fields=…&limit=…&after=…` → `{data[], paging{cursors{before,
///   after}, next?}}`, `next` only while more pages follow;
/// - 360dialog: `GET /v1/configs/templates?limit=…&offset=…` → `{count, filters, limit, offset, sort, total,
///   waba_templates[]}`.
///
/// Pages hold at most ``maxPageSize`` templates whatever `limit` asks, so a full sync of the catalog reads two pages.
enum TemplateReplies {
    /// The largest page the mock answers.
    static let maxPageSize = 4

    /// One template of the mock's catalog.
    struct Entry {
        var id: String
        var name: String
        var language: String
        var status: String
        var category: String
        var quality: String
        var rejectedReason: String = "NONE"
        var header: String?
        var body: String
    }

    /// Approved marketing, utility and authentication templates, a paused and a rejected one.
    static let catalog: [Entry] = [
        Entry(
            id: "1010000000000001", name: "hello_world", language: "en_US", status: "APPROVED", category: "UTILITY", quality: "GREEN",
            body: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification."),
        Entry(
            id: "1010000000000002", name: "order_update", language: "en_US", status: "APPROVED", category: "UTILITY", quality: "GREEN",
            header: "TEXT", body: "Your order {{1}} is on its way and should arrive on {{2}}."),
        Entry(
            id: "1010000000000003", name: "spring_sale", language: "en_US", status: "APPROVED", category: "MARKETING", quality: "GREEN",
            header: "IMAGE", body: "Our spring sale starts today: {{1}} off everything until Sunday."),
        Entry(
            id: "1010000000000004", name: "login_code", language: "en_US", status: "APPROVED", category: "AUTHENTICATION",
            quality: "UNKNOWN", body: "{{1}} is your verification code."),
        Entry(
            id: "1010000000000005", name: "winter_sale", language: "en_US", status: "PAUSED", category: "MARKETING", quality: "RED",
            body: "Winter sale: {{1}} off coats this week only."),
        Entry(
            id: "1010000000000006", name: "abandoned_cart", language: "en", status: "REJECTED", category: "MARKETING", quality: "UNKNOWN",
            rejectedReason: "INVALID_FORMAT", body: "You left {{1}}{{2}} in your cart."),
    ]

    /// The listed template as both APIs write it.
    static func json(_ entry: Entry) -> JSONValue {
        var components: [JSONValue] = []
        if let header = entry.header {
            var component = JSONObject([("type", "HEADER"), ("format", .string(header))])
            if header == "TEXT" { component.set("text", "Order update") }
            components.append(.object(component))
        }
        components.append(["type": "BODY", "text": .string(entry.body)])
        return [
            "name": .string(entry.name), "status": .string(entry.status), "category": .string(entry.category),
            "language": .string(entry.language), "components": .array(components),
            "quality_score": ["score": .string(entry.quality)], "rejected_reason": .string(entry.rejectedReason),
            "id": .string(entry.id),
        ]
    }

    /// The page a listing request asks for.
    static func page(_ request: MockSendRequest, path: String) -> MockReply {
        let size = min(max(request.query["limit"].flatMap(Int.init) ?? maxPageSize, 1), maxPageSize)
        if request.family == .dialog360 {
            let offset = max(request.query["offset"].flatMap(Int.init) ?? 0, 0)
            let slice = Array(catalog.dropFirst(offset).prefix(size))
            return MockReply(
                status: 200,
                body: [
                    "count": .int(slice.count), "filters": [:], "limit": .int(size), "offset": .int(offset), "sort": ["id"],
                    "total": .int(catalog.count), "waba_templates": .array(slice.map(json)),
                ])
        }
        let offset = request.query["after"].flatMap(offset(of:)) ?? 0
        let slice = Array(catalog.dropFirst(offset).prefix(size))
        var paging = JSONObject([("cursors", ["before": .string(cursor(offset)), "after": .string(cursor(offset + slice.count))])])
        if offset + slice.count < catalog.count {
            let host = request.header("Host") ?? "127.0.0.1"
            let query = FormBody.encode([
                ("fields", request.query["fields"] ?? WhatsAppTemplateCatalog.fields), ("limit", String(size)),
                ("after", cursor(offset + slice.count)),
            ])
            paging.set("next", .string("http://\(host)\(path)?\(query)"))
        }
        return MockReply(status: 200, body: ["data": .array(slice.map(json)), "paging": .object(paging)])
    }

    /// An opaque cursor for a position in the catalog (Base64 of `mock:<index>`, as Graph cursors are Base64).
    static func cursor(_ index: Int) -> String { Base64.encode(Array("mock:\(index)".utf8)) }

    /// The position a cursor names; `nil` for a cursor the mock did not give.
    static func offset(of cursor: String) -> Int? {
        guard let bytes = Base64.decode(cursor), let text = String(validating: bytes, as: UTF8.self), text.hasPrefix("mock:") else {
            return nil
        }
        return Int(text.dropFirst(5))
    }
}
