import SwitchboardCore

/// Graph API (WhatsApp Cloud API, Messenger, Instagram) and 360dialog answers.
enum MetaReplies {
    /// WhatsApp: `{messaging_product, contacts[{input, wa_id | user_id}], messages[{id, message_status?}]}`
    /// (corpus `whatsapp/resp-restfb-message-response*.json`); `{success: true}` for mark-read.
    static func whatsappSuccess(_ request: MockSendRequest, ids: MockIDs) -> MockReply {
        if request.json?["status"]?.string == "read" { return MockReply(status: 200, body: ["success": true]) }
        var contact = JSONObject()
        if let to = request.json?["to"]?.identifier {
            contact.set("input", .string(to))
            contact.set("wa_id", .string(String(to.filter(\.isNumber))))
        } else if let userID = request.json?["recipient"]?.identifier {
            contact.set("input", .string(userID))
            contact.set("user_id", .string(userID))
        }
        var message = JSONObject([("id", .string(ids.wamid))])
        if request.json?["type"]?.string == "template" { message.set("message_status", "accepted") }
        return MockReply(
            status: 200,
            body: ["messaging_product": "whatsapp", "contacts": .array([.object(contact)]), "messages": .array([.object(message)])])
    }

    /// Messenger/Instagram: `{recipient_id, message_id}` (corpus `messenger/resp-ker0x-basic.json`);
    /// a bare `sender_action` answers `{recipient_id}` only.
    static func messengerSuccess(_ request: MockSendRequest, ids: MockIDs) -> MockReply {
        let recipient = request.json?["recipient"]?["id"]?.identifier ?? "\(1_000_000_000_000_000 + ids.sequence)"
        if request.json?["message"] == nil, request.json?["sender_action"] != nil {
            return MockReply(status: 200, body: ["recipient_id": .string(recipient)])
        }
        return MockReply(status: 200, body: ["recipient_id": .string(recipient), "message_id": .string(ids.mid)])
    }

    /// Graph error object `{"error": {message, type, code, error_subcode?, error_data?, fbtrace_id}}`.
    static func error(
        status: Int, code: String, message: String, details: String? = nil, type: String = "OAuthException", ids: MockIDs,
        headers: [(name: String, value: String)] = []
    ) -> MockReply {
        var error = JSONObject()
        error.set("message", .string(message))
        error.set("type", .string(type))
        error.set("code", Int(code).map { .int($0) } ?? .string(code))
        if let details { error.set("error_data", ["messaging_product": "whatsapp", "details": .string(details)]) }
        error.set("fbtrace_id", .string(ids.traceID))
        return MockReply(status: status, headers: headers, body: ["error": .object(error)])
    }

    static func unauthorized(ids: MockIDs) -> MockReply {
        error(status: 401, code: "190", message: "Invalid OAuth access token - Cannot parse access token", ids: ids)
    }

    static func serverError(status: Int, family: MockProviderFamily, ids: MockIDs) -> MockReply {
        family == .messenger
            ? error(status: status, code: "2", message: "An unexpected error has occurred. Please retry your request later.", ids: ids)
            : error(
                status: status, code: "131000", message: "Something went wrong", details: "Message failed to send due to an unknown error.",
                ids: ids)
    }

    static func rateLimited(wait: MockRetryAfter, family: MockProviderFamily, ids: MockIDs) -> MockReply {
        let headers = [(name: "Retry-After", value: wait.headerValue)]
        return family == .messenger
            ? error(status: 429, code: "613", message: "Calls to this api have exceeded the rate limit.", ids: ids, headers: headers)
            : error(
                status: 429, code: "130429", message: "Rate limit hit", details: "Cloud API message throughput has been reached.", ids: ids,
                headers: headers)
    }

    static func providerError(code: String, family: MockProviderFamily, ids: MockIDs) -> MockReply {
        let entry = MockErrorCatalog.entry(code: code, family: family)
        return error(
            status: entry?.status ?? 400, code: code, message: entry?.message ?? "Mock provider error \(code)",
            details: family == .messenger ? nil : entry?.detail, ids: ids)
    }
}
