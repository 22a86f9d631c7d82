import SwitchboardCore

extension WhatsAppCloudOutbound {
    /// `template`: `{name, language: {policy: "deterministic", code}, components?}`.
    ///
    /// `content.template.language` is a code (`"en_US"`) or `{code, policy?}`. `components` are passed
    /// through in WhatsApp's own shape (header/body/button parameters); the encoder checks only that
    /// each one is an object with a `type`, and that button components carry `sub_type` and `index`.
    /// `category` is for the policy engine and is not sent.
    static func template(_ content: MessageContent) throws(SwitchboardError) -> JSONValue {
        guard let template = content.template, let name = template["name"]?.string, !name.isEmpty else {
            throw .invalidMessage("content.template needs a name")
        }
        let code: String? = template["language"]?.string ?? template["language"]?["code"]?.string
        guard let code, !code.isEmpty else {
            throw .invalidMessage("content.template needs a language code (for example \"en_US\") for template \"\(name)\"")
        }
        var object = JSONObject()
        object.append("name", .string(name))
        object.append("language", ["policy": "deterministic", "code": .string(code)])
        if let components = template["components"] {
            guard let items = components.array else { throw .invalidMessage("content.template.components must be an array") }
            for (index, component) in items.enumerated() {
                guard let type = component["type"]?.string else {
                    throw .invalidMessage("content.template.components[\(index)] needs a type (header, body, button)")
                }
                if type == "button", component["sub_type"]?.string == nil || component["index"] == nil {
                    throw .invalidMessage("content.template.components[\(index)] is a button and needs sub_type and index")
                }
            }
            if !items.isEmpty { object.append("components", components) }
        }
        return .object(object)
    }
}
