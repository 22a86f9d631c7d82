import Foundation
import SwitchboardCore

/// Twilio answers: 201 Message resource; errors `{code, message, more_info, status}`.
enum TwilioReplies {
    static func success(_ request: MockSendRequest, ids: MockIDs, now: Date) -> MockReply {
        let account = request.pathAccount ?? ""
        let media = request.form?.values("MediaUrl") ?? []
        let sid = ids.twilioSID(mms: !media.isEmpty)
        let date = JSONValue.string(MockClockText.rfc2822(now))
        var object = JSONObject()
        object.set("account_sid", .string(account))
        object.set("api_version", "2010-04-01")
        object.set("body", .string(request.field("Body") ?? ""))
        object.set("date_created", date)
        object.set("date_sent", .null)
        object.set("date_updated", date)
        object.set("direction", "outbound-api")
        object.set("error_code", .null)
        object.set("error_message", .null)
        object.set("from", request.field("From").map(JSONValue.string) ?? .null)
        object.set("messaging_service_sid", request.field("MessagingServiceSid").map(JSONValue.string) ?? .null)
        object.set("num_media", .string(String(media.count)))
        object.set("num_segments", "1")
        object.set("price", .null)
        object.set("price_unit", "USD")
        object.set("sid", .string(sid))
        object.set("status", request.field("MessagingServiceSid") != nil ? "accepted" : "queued")
        let base = "/2010-04-01/Accounts/\(account)/Messages/\(sid)"
        object.set("subresource_uris", ["media": .string(base + "/Media.json")])
        object.set("to", .string(request.field("To") ?? ""))
        object.set("uri", .string(base + ".json"))
        return MockReply(status: 201, body: .object(object))
    }

    static func error(status: Int, code: Int, message: String, headers: [(name: String, value: String)] = []) -> MockReply {
        MockReply(
            status: status, headers: headers,
            body: [
                "code": .int(code), "message": .string(message), "more_info": .string("https://www.twilio.com/docs/errors/\(code)"),
                "status": .int(status),
            ])
    }

    static func unauthorized() -> MockReply { error(status: 401, code: 20003, message: "Authenticate") }
    static func serverError(status: Int) -> MockReply { error(status: status, code: 20500, message: "Internal Server Error") }
    static func rateLimited(wait: MockRetryAfter) -> MockReply {
        error(status: 429, code: 20429, message: "Too Many Requests", headers: [(name: "Retry-After", value: wait.headerValue)])
    }
    static func providerError(code: String) -> MockReply {
        let entry = MockErrorCatalog.entry(code: code, family: .twilio)
        return error(status: entry?.status ?? 400, code: Int(code) ?? 0, message: entry?.message ?? "Mock provider error \(code)")
    }
}

/// Vonage answers. SMS API: `{"message-count", "messages": [{status, message-id | error-text, ...}]}`
/// (corpus `vonage/resp-sms-*.json`); Messages API: 202 `{message_uuid}` or problem+json.
enum VonageReplies {
    static func smsSuccess(_ request: MockSendRequest, ids: MockIDs) -> MockReply {
        var part = JSONObject()
        part.set("to", .string(request.field("to") ?? ""))
        part.set("message-id", .string(ids.vonageMessageID))
        part.set("status", "0")
        part.set("remaining-balance", "3.14159265")
        part.set("message-price", "0.03330000")
        part.set("network", "12345")
        if let reference = request.field("client-ref") { part.set("client-ref", .string(reference)) }
        return MockReply(status: 200, body: ["message-count": "1", "messages": .array([.object(part)])])
    }

    static func smsError(httpStatus: Int, status: String, text: String, to: String?, headers: [(name: String, value: String)] = [])
        -> MockReply
    {
        var part = JSONObject()
        if let to { part.set("to", .string(to)) }
        part.set("status", .string(status))
        part.set("error-text", .string(text))
        return MockReply(status: httpStatus, headers: headers, body: ["message-count": "1", "messages": .array([.object(part)])])
    }

    static func messagesSuccess(ids: MockIDs) -> MockReply { MockReply(status: 202, body: ["message_uuid": .string(ids.uuid)]) }

    static func problem(
        status: Int, type: String, title: String, detail: String, ids: MockIDs, headers: [(name: String, value: String)] = []
    ) -> MockReply {
        MockReply(
            status: status, headers: [(name: "Content-Type", value: "application/problem+json")] + headers,
            body: ["type": .string(type), "title": .string(title), "detail": .string(detail), "instance": .string(ids.uuid)])
    }

    static func unauthorized(_ request: MockSendRequest, ids: MockIDs) -> MockReply {
        request.family == .vonageSMS
            ? smsError(httpStatus: 401, status: "4", text: "Bad Credentials", to: request.field("to"))
            : problem(
                status: 401, type: "https://developer.vonage.com/api-errors#unauthorized", title: "Unauthorized",
                detail: "You did not provide correct credentials.", ids: ids)
    }

    static func serverError(_ request: MockSendRequest, status: Int, ids: MockIDs) -> MockReply {
        request.family == .vonageSMS
            ? smsError(httpStatus: status, status: "5", text: "Internal Error", to: request.field("to"))
            : problem(
                status: status, type: "https://developer.vonage.com/api-errors#internal-error", title: "Internal Error",
                detail: "An error has occurred in the platform whilst processing this message", ids: ids)
    }

    static func rateLimited(_ request: MockSendRequest, wait: MockRetryAfter, ids: MockIDs) -> MockReply {
        let headers = [(name: "Retry-After", value: wait.headerValue)]
        return request.family == .vonageSMS
            ? smsError(
                httpStatus: 429, status: "1", text: "Throughput Rate Exceeded - please wait [ \(wait.pleaseWaitText) ] and retry",
                to: request.field("to"), headers: headers)
            : problem(
                status: 429, type: "https://developer.nexmo.com/api-errors/messages-olympus#1010", title: "Rate Limit Hit",
                detail: "Please wait, then retry your request", ids: ids, headers: headers)
    }

    static func providerError(_ request: MockSendRequest, code: String, ids: MockIDs) -> MockReply {
        let entry = MockErrorCatalog.entry(code: code, family: request.family)
        if request.family == .vonageSMS {
            return smsError(
                httpStatus: entry?.status ?? 200, status: code, text: entry?.message ?? "Mock error \(code)", to: request.field("to"))
        }
        return problem(
            status: entry?.status ?? 422, type: "https://developer.nexmo.com/api-errors/messages-olympus#\(code)",
            title: entry?.message ?? "Mock error \(code)", detail: entry?.detail ?? entry?.message ?? "Mock error \(code)", ids: ids)
    }
}

/// MessageBird answers: 201 message object (corpus `messagebird/resp-gosdk-*.json`), errors
/// `{"errors": [{code, description, parameter}]}`.
enum MessageBirdReplies {
    static func success(_ request: MockSendRequest, ids: MockIDs, now: Date) -> MockReply {
        let id = ids.hex32
        let timestamp = JSONValue.string(MockClockText.iso8601(now))
        let recipients: [JSONValue] =
            request.json?["recipients"]?.array
            ?? (request.json?["recipients"]?.identifier ?? request.form?["recipients"] ?? "").split(separator: ",").map {
                .string(String($0))
            }
        let items: [JSONValue] = recipients.map { recipient in
            var item = JSONObject()
            item.set("recipient", Int64(recipient.identifier ?? "").map { .number(String($0)) } ?? recipient)
            item.set("status", "sent")
            item.set("statusDatetime", timestamp)
            if !request.isMMS { item.set("messagePartCount", 1) }
            return .object(item)
        }
        var object = JSONObject()
        object.set("id", .string(id))
        object.set("href", .string("https://rest.messagebird.com/\(request.isMMS ? "mms" : "messages")/\(id)"))
        object.set("direction", "mt")
        if !request.isMMS { object.set("type", .string(request.field("type") ?? "sms")) }
        object.set("originator", request.field("originator").map(JSONValue.string) ?? .null)
        object.set("body", request.field("body").map(JSONValue.string) ?? .null)
        if request.isMMS {
            object.set("subject", request.field("subject").map(JSONValue.string) ?? .null)
            object.set("mediaUrls", request.json?["mediaUrls"] ?? .array([]))
        } else {
            object.set("datacoding", .string(request.field("datacoding") ?? "plain"))
            object.set("mclass", 1)
        }
        object.set("reference", request.field("reference").map(JSONValue.string) ?? .null)
        object.set("scheduledDatetime", .null)
        object.set("createdDatetime", timestamp)
        object.set(
            "recipients",
            [
                "totalCount": .int(items.count), "totalSentCount": .int(items.count), "totalDeliveredCount": 0,
                "totalDeliveryFailedCount": 0, "items": .array(items),
            ])
        return MockReply(status: 201, body: .object(object))
    }

    static func error(status: Int, code: Int, description: String, parameter: String? = nil, headers: [(name: String, value: String)] = [])
        -> MockReply
    {
        MockReply(
            status: status, headers: headers,
            body: [
                "errors": [
                    ["code": .int(code), "description": .string(description), "parameter": parameter.map(JSONValue.string) ?? .null]
                ]
            ])
    }

    static func unauthorized() -> MockReply {
        error(status: 401, code: 2, description: "Request not allowed (incorrect access_key)", parameter: "access_key")
    }
    static func serverError(status: Int) -> MockReply { error(status: status, code: 99, description: "Internal error") }
    static func rateLimited(wait: MockRetryAfter) -> MockReply {
        error(status: 429, code: 429, description: "Too many requests", headers: [(name: "Retry-After", value: wait.headerValue)])
    }
    static func providerError(code: String) -> MockReply {
        let entry = MockErrorCatalog.entry(code: code, family: .messagebird)
        return error(status: entry?.status ?? 422, code: Int(code) ?? 0, description: entry?.message ?? "Mock error \(code)")
    }
}
