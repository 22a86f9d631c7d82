import SwitchboardCore

/// A webhook request refused by the decoder, kept byte-exact.
public struct QuarantinedRequest: Sendable, Hashable {
    /// The row's id, once stored (`nil` for a request not yet quarantined).
    public var id: Int64?
    public var receivedAt: Timestamp
    public var provider: String
    public var connection: String?
    /// The decoder's reason (`<code>: <message>`).
    public var reason: String
    public var method: String
    public var url: String
    /// Headers, with secret-bearing headers already removed by the caller.
    public var headers: [HTTPField]
    public var body: [UInt8]
    /// The body's size in bytes (also when a listing left the body out).
    public var bodyBytes: Int
    /// When the request last decoded on reprocessing (``QuarantineStore/markReprocessed(quarantineID:at:events:)``), or `nil`.
    public var reprocessedAt: Timestamp?
    /// How many events that reprocessing produced.
    public var reprocessedEvents: Int?

    public init(
        id: Int64? = nil, receivedAt: Timestamp, provider: String, connection: String?, reason: String, method: String, url: String,
        headers: [HTTPField], body: [UInt8], bodyBytes: Int? = nil, reprocessedAt: Timestamp? = nil, reprocessedEvents: Int? = nil
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.provider = provider
        self.connection = connection
        self.reason = reason
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyBytes = bodyBytes ?? body.count
        self.reprocessedAt = reprocessedAt
        self.reprocessedEvents = reprocessedEvents
    }

    /// The stored headers column: a JSON object of name → value, in order.
    public var headersText: String {
        var object = JSONObject()
        for field in headers { object.append(field.name, .string(field.value)) }
        return JSONValue.object(object).documentText
    }

    /// Headers from the stored column (an unreadable column gives none).
    public static func headers(fromText text: String) -> [HTTPField] {
        var headers: [HTTPField] = []
        for member in (try? JSONParser.parse(text).object)?.members ?? [] {
            headers.append(HTTPField(name: member.key, value: member.value.string ?? ""))
        }
        return headers
    }
}
