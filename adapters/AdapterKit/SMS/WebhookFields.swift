import SwitchboardCore

/// The flat name/value fields of an SMS webhook, whatever carried them: a form body, a GET query or a
/// JSON object (Vonage sends the same fields all three ways; MessageBird uses forms and queries).
///
/// Order and repeated names are kept. ``raw`` is what goes into an event's `raw`: the JSON object
/// itself for JSON bodies, ``FormBody/jsonValue`` for forms and queries.
public struct WebhookFields: Sendable, Hashable {
    /// Where the fields came from.
    public enum Source: String, Sendable, Hashable {
        case form, query, json
    }

    public var source: Source
    /// Every field in order; JSON numbers and booleans as their literal text, arrays as one field per item.
    public var fields: [(name: String, value: String)]
    public var raw: JSONValue

    public static func == (lhs: WebhookFields, rhs: WebhookFields) -> Bool {
        lhs.source == rhs.source && lhs.raw == rhs.raw
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }

    /// Fields from a form or query.
    public init(form: FormBody, source: Source) {
        self.source = source
        fields = form.fields
        raw = form.jsonValue
    }

    /// Fields from a JSON object's top-level members.
    public init(json object: JSONObject) {
        source = .json
        raw = .object(object)
        var fields: [(name: String, value: String)] = []
        for member in object.members {
            switch member.value {
            case .string(let text), .number(let text): fields.append((member.key, text))
            case .bool(let flag): fields.append((member.key, flag ? "true" : "false"))
            case .array(let items):
                for item in items { if let text = item.identifier { fields.append((member.key, text)) } }
            default: continue
            }
        }
        self.fields = fields
    }

    /// Reads a request: a JSON object body (by content type or a leading `{`), a non-empty form body,
    /// else the URL's query. Throws `malformed_body` for a JSON body that does not parse or is not an object.
    public init(request: InboundRequest) throws(SwitchboardError) {
        let firstByte = request.body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if request.contentType?.contains("json") == true || firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") {
            let value: JSONValue
            do { value = try JSONParser.parse(request.body) } catch { throw .malformed("the body is not valid JSON: \(error.description)") }
            guard let object = value.object else { throw .malformed("the JSON body is not an object") }
            self.init(json: object)
        } else if firstByte != nil, request.method.uppercased() != "GET" {
            self.init(form: FormBody.parse(request.body), source: .form)
        } else {
            self.init(form: FormBody(fields: request.queryItems), source: .query)
        }
    }

    /// The first non-empty value of the first of `names` present.
    public subscript(names: String...) -> String? {
        for name in names {
            if let value = fields.first(where: { $0.name == name })?.value, !value.isEmpty { return value }
        }
        return nil
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// Whether any field is named `name`.
    public func has(_ name: String) -> Bool { fields.contains { $0.name == name } }
}
