import HTTPTypes
import Hummingbird
import SwitchboardCore

/// The agent and operator APIs' error answers: `{code, message, remedy?}` with a stable code.
enum APIProblem {
    /// A problem answer.
    static func response(_ status: HTTPResponse.Status, _ code: String, _ message: String, remedy: String? = nil) -> Response {
        var object = JSONObject()
        object.set("code", .string(code))
        object.set("message", .string(message))
        object.set("remedy", remedy.map(JSONValue.string))
        return .json(status, .object(object))
    }

    /// The answer to a request without a configured API key.
    static let unauthorized = response(.unauthorized, "unauthorized", "send Authorization: Bearer <API key> with a configured key")
}
