import Foundation
import SwitchboardCore

/// Telegram Bot API answers: `{"ok": true, "result": …}` or
/// `{"ok": false, "error_code", "description", "parameters"?}` (corpus `telegram/resp-nutgram-*.json`).
enum TelegramReplies {
    static func success(_ request: MockSendRequest, ids: MockIDs, now: Date) -> MockReply {
        let method = request.method ?? ""
        let lowered = method.lowercased()
        let result: JSONValue
        switch lowered {
        case "getme":
            result = bot(request)
        case "sendmediagroup":
            let count = max(1, request.json?["media"]?.array?.count ?? 1)
            result = .array((0..<count).map { message(request, id: ids.telegramMessageID * 16 + UInt64($0), now: now) })
        case _ where lowered.hasPrefix("send") && lowered != "sendchataction":
            result = message(request, id: ids.telegramMessageID, now: now)
        case "editmessagetext", "editmessagecaption", "editmessagereplymarkup":
            result = message(request, id: UInt64(request.field("message_id") ?? "") ?? ids.telegramMessageID, now: now)
        default:
            result = true
        }
        return MockReply(status: 200, body: ["ok": true, "result": result])
    }

    /// A `Message` as Telegram returns it for a send: `message_id`, `from` (the bot), `chat`, `date`,
    /// and the `text` or `caption` that was sent.
    static func message(_ request: MockSendRequest, id: UInt64, now: Date) -> JSONValue {
        var object = JSONObject()
        object.set("message_id", .number(String(id)))
        object.set("from", bot(request))
        let chatID = request.field("chat_id") ?? "0"
        let isGroup = chatID.hasPrefix("-")
        object.set(
            "chat",
            isGroup
                ? ["id": .number(chatID), "title": "Mock group", "type": chatID.hasPrefix("-100") ? "supergroup" : "group"]
                : ["id": .number(Int64(chatID) != nil ? chatID : "0"), "first_name": "Mock", "type": "private"])
        object.set("date", .number(String(Int64(now.timeIntervalSince1970))))
        if let text = request.field("text") { object.set("text", .string(text)) }
        if let caption = request.field("caption") { object.set("caption", .string(caption)) }
        if let replyTo = request.json?["reply_parameters"]?["message_id"]?.identifier {
            object.set("reply_to_message", ["message_id": .number(replyTo), "date": .number(String(Int64(now.timeIntervalSince1970)))])
        }
        return .object(object)
    }

    /// The bot user: its id is the part of the token before `:`.
    static func bot(_ request: MockSendRequest) -> JSONValue {
        let token = request.pathAccount ?? ""
        let botID = token.split(separator: ":").first.map(String.init).flatMap { UInt64($0) }.map(String.init) ?? "1"
        return ["id": .number(botID), "is_bot": true, "first_name": "Mock Bot", "username": "mock_bot"]
    }

    static func error(
        status: Int, description: String, parameters: JSONValue? = nil, headers: [(name: String, value: String)] = []
    ) -> MockReply {
        var object = JSONObject([("ok", false), ("error_code", .int(status)), ("description", .string(description))])
        object.set("parameters", parameters)
        return MockReply(status: status, headers: headers, body: .object(object))
    }

    static func unauthorized() -> MockReply { error(status: 401, description: "Unauthorized") }

    static func serverError(status: Int) -> MockReply { error(status: status, description: "Internal Server Error") }

    static func rateLimited(wait: MockRetryAfter) -> MockReply {
        error(
            status: 429, description: "Too Many Requests: retry after \(wait.headerValue)", parameters: ["retry_after": wait.jsonValue],
            headers: [(name: "Retry-After", value: wait.headerValue)])
    }

    static func providerError(code: String) -> MockReply {
        let entry = MockErrorCatalog.entry(code: code, family: .telegram)
        let status = entry?.status ?? Int(code) ?? 400
        return error(status: status, description: entry?.message ?? "Bad Request: mock error \(code)")
    }
}
