import Foundation
import SwitchboardCore

/// One request the mock received, as `GET /_mock/requests` reports it.
public struct MockRecordedRequest: Sendable {
    /// Arrival order, from 1, unique for the life of the mock instance.
    public var sequence: UInt64
    public var method: String
    /// The path without the query.
    public var path: String
    /// The raw query string, `""` when there is none.
    public var query: String
    /// Header fields in arrival order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// When the request's head arrived.
    public var receivedAt: Date
    /// The provider family the mock answered as, `nil` for control or unknown paths.
    public var family: MockProviderFamily?
    /// The recipient found in the request, where there is one.
    public var recipient: String?
    /// The HTTP status the mock answered (or will answer, for a held request).
    public var status: Int
    /// The fault applied: `none`, `timeout`, `5xx`, `429`, `error:<code>`, or `unauthorized`.
    public var fault: String

    /// The first header named `name`, case-insensitive.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The body parsed as JSON, or `nil`.
    public var jsonBody: JSONValue? { try? JSONParser.parse(body) }

    /// The JSON form used by `GET /_mock/requests`: `body` as text, plus `json` when the body parses.
    public var json: JSONValue {
        var object = JSONObject()
        object.set("sequence", .number(String(sequence)))
        object.set("method", .string(method))
        object.set("path", .string(path))
        if !query.isEmpty { object.set("query", .string(query)) }
        var headerObject = JSONObject()
        for field in headers { headerObject.append(field.name, .string(field.value)) }
        object.set("headers", .object(headerObject))
        object.set("body", .string(String(decoding: body, as: UTF8.self)))
        if let parsed = jsonBody { object.set("json", parsed) }
        object.set("received_at", .string(Timestamp(receivedAt).rfc3339))
        object.set("provider", family.map { .string($0.rawValue) })
        object.set("recipient", recipient.map(JSONValue.string))
        object.set("status", .int(status))
        object.set("fault", .string(fault))
        return .object(object)
    }
}
