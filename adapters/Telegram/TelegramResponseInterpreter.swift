import AdapterKit
import SwitchboardCore

/// Classifies Bot API answers (`{"ok":true,"result":…}` or `{"ok":false,"error_code":N,"description":…,
/// "parameters":{retry_after?, migrate_to_chat_id?}}`) into delivery outcomes, each failure with a remedy
/// (docs/providers.md §5 "Errors", §11). Waits (`parameters.retry_after`, else `Retry-After`) are clamped by
/// ``RetryAfter/clamped(_:)``: never negative, NaN or longer than a day.
enum TelegramResponseInterpreter {
    static func interpret(_ response: ProviderResponse, for request: ProviderRequest) -> DeliveryOutcome {
        let body = response.jsonBody
        let ok = body?["ok"]?.bool
        if (200..<300).contains(response.status), ok != false {
            guard ok == true else {
                return .failed(
                    DeliveryFailure(
                        category: .unknown,
                        message: "Telegram answered HTTP \(response.status) without \"ok\": true; the message may or may not have "
                            + "been sent, so it is not retried (check the chat before sending again)"))
            }
            return .sent(providerMessageID: messageID(body?["result"]))
        }
        let code = TelegramErrorCode(rawValue: body?["error_code"]?.int ?? response.status)
        let description = body?["description"]?.string ?? "HTTP \(response.status)"
        let parameters = body?["parameters"]
        let providerCode = code.description
        func failure(_ category: DeliveryFailure.Category, _ message: String, perRecipient: Bool = false) -> DeliveryFailure {
            DeliveryFailure(category: category, providerCode: providerCode, message: message, perRecipient: perRecipient)
        }
        let retryHeader = RetryAfter.seconds(response)

        if code == .tooManyRequests || parameters?["retry_after"] != nil {
            let after = RetryAfter.seconds(json: parameters?["retry_after"]) ?? retryHeader
            let wait = after.map { "wait \(JSONValue.double($0).canonicalText) s" } ?? "wait"
            // Telegram does not say whether the limit hit was the per-chat one or the bot-wide one, so the
            // wait applies to the whole connection: sending on without waiting can get the bot banned.
            return .retry(
                after: after,
                failure: failure(.rateLimited, "Telegram flood control (\(description)): \(wait) before sending again"))
        }
        if let newChat = parameters?["migrate_to_chat_id"].flatMap({ $0.int64.map(String.init) ?? $0.identifier }) {
            return .failed(
                failure(
                    .invalidRequest,
                    "the group was upgraded to a supergroup whose chat id is \(newChat): send to \(newChat) and update the "
                        + "conversation (\(description))"))
        }
        switch code {
        case .unauthorized:
            return .reauthorize(
                failure(
                    .authorization,
                    "Telegram rejected the bot token (\(description)): it was revoked or is wrong; get the current token from "
                        + "@BotFather and update the connection's bot_token"))
        case .notFound:
            return .reauthorize(
                failure(
                    .authorization,
                    "Telegram answered 404 (\(description)): the bot token in the URL is malformed; check the connection's bot_token"))
        case .forbidden:
            return .failed(failure(.contactUnreachable, forbiddenMessage(description)))
        case .conflict:
            return .failed(
                failure(
                    .accountProblem,
                    "Telegram reports a conflict (\(description)): another process uses this bot token (getUpdates polling while a "
                        + "webhook is set, or two pollers); keep one consumer per bot token"))
        case .badRequest:
            return .failed(failure(.invalidRequest, badRequestMessage(description)))
        case _ where code.isServerError:
            return .retry(after: retryHeader, failure: failure(.temporary, "Telegram server error (\(description)); try again later"))
        case _ where (400..<500).contains(code.rawValue):
            return .failed(failure(.invalidRequest, "Telegram refused the request (\(description))"))
        default:
            return .failed(failure(.unknown, "unexpected Telegram answer (HTTP \(response.status): \(description))"))
        }
    }

    /// The sent message's id: `result.message_id`, or the first one of an album; `nil` for `true` results.
    static func messageID(_ result: JSONValue?) -> String? {
        if let id = result?["message_id"]?.identifier { return id }
        return result?[0]?["message_id"]?.identifier
    }

    /// 403: the contact cannot be reached; what to do depends on why.
    static func forbiddenMessage(_ description: String) -> String {
        switch TelegramErrorCode.Reason(description: description) {
        case .blockedByUser:
            "the user blocked the bot (\(description)); do not retry: messages go through again only after the user "
                + "unblocks the bot or presses Start"
        case .userDeactivated:
            "the user's Telegram account is deleted (\(description)); do not retry, archive the contact"
        case .cannotInitiate:
            "the user never started the bot (\(description)); bots cannot start conversations: the user must open the bot "
                + "and press Start (share a t.me/<bot>?start= link)"
        case .kickedFromChat, .notAMember:
            "the bot is no longer in this group or channel (\(description)); add the bot again or stop sending to this chat"
        default:
            "Telegram does not let the bot write to this chat (\(description)); check the bot's membership and rights"
        }
    }

    /// 400: the request cannot succeed as it is.
    static func badRequestMessage(_ description: String) -> String {
        switch TelegramErrorCode.Reason(description: description) {
        case .chatNotFound:
            "Telegram does not know this chat_id (\(description)): the id is wrong, or the bot was never in that chat"
        case .messageTooLong, .captionTooLong:
            "the text is too long (\(description)): Telegram allows 4096 characters per message and 1024 per caption; "
                + "split it into several messages"
        case .wrongFileID, .fileUnavailable:
            "Telegram cannot use this file (\(description)): file_ids belong to one bot; upload the file again or send it by URL"
        case .callbackTooOld:
            "the callback query can no longer be answered (\(description)): answer callbacks within a few seconds"
        default:
            "Telegram refused the request as invalid (\(description))"
        }
    }
}
