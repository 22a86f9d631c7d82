import SwitchboardCore

/// The JSON types of a send request's members, as `OutboundMessage` in SendAPI/openapi.yaml declares them: the
/// message parser reads what it needs and would pass over a member of the wrong type (a numeric `tag`, a string
/// `promotional`), so the API refuses those first (`400 invalid_message` naming the member).
enum SendRequestShape {
    private enum Kind {
        case string, bool, object, array, number

        func matches(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.bool, .bool), (.object, .object), (.array, .array), (.number, .number): true
            default: false
            }
        }

        var name: String {
            switch self {
            case .string: "a string"
            case .bool: "true or false"
            case .object: "an object"
            case .array: "a list"
            case .number: "a number"
            }
        }
    }

    private static let message: [String: Kind] = [
        "conversation": .string, "channel": .string, "account": .string, "to": .string, "connection": .string, "reply_to": .string,
        "tag": .string, "promotional": .bool, "comment_id": .string, "metadata": .string, "idempotency_key": .string,
        "content": .object,
    ]
    private static let content: [String: Kind] = [
        "type": .string, "text": .string, "attachments": .array, "location": .object, "contacts": .array, "reaction": .object,
        "template": .object, "interactive": .object, "action": .object,
    ]
    private static let attachment: [String: Kind] = [
        "kind": .string, "mime_type": .string, "url": .string, "provider_media_id": .string, "filename": .string, "size": .number,
        "sha256": .string, "content_id": .string, "inline": .bool,
    ]
    private static let location: [String: Kind] = [
        "latitude": .number, "longitude": .number, "name": .string, "address": .string, "url": .string,
    ]

    /// What is wrong with the request's shape, or `nil`.
    static func problem(_ json: JSONValue) -> String? {
        guard let object = json.object else { return "the message must be a JSON object" }
        if let problem = check(object, message, path: "") { return problem }
        guard let content = object["content"]?.object else { return nil }
        if let problem = check(content, Self.content, path: "content.") { return problem }
        for (index, item) in (content["attachments"]?.array ?? []).enumerated() {
            guard let item = item.object else { return "content.attachments[\(index)] must be an object" }
            if let problem = check(item, attachment, path: "content.attachments[\(index)].") { return problem }
        }
        if let value = content["location"]?.object, let problem = check(value, location, path: "content.location.") { return problem }
        for (name, nested) in [("reaction", "target"), ("reaction", "emoji"), ("template", "name"), ("action", "name")] {
            if let value = content[name]?[nested], !Kind.string.matches(value) { return "content.\(name).\(nested) must be a string" }
        }
        return nil
    }

    private static func check(_ object: JSONObject, _ kinds: [String: Kind], path: String) -> String? {
        for (key, value) in object.members {
            guard let kind = kinds[key], !kind.matches(value) else { continue }
            return "\(path)\(key) must be \(kind.name)"
        }
        return nil
    }
}
