import SwitchboardCore
import TelegramAdapter
import Testing

/// Classifying Bot API answers: what the dispatcher does next depends on it.
@Suite struct TelegramResponseTests {
    let adapter = TelegramAdapter()

    func interpret(_ status: Int, _ body: String, headers: [HTTPField] = []) -> DeliveryOutcome {
        adapter.interpret(
            ProviderResponse(status: status, headers: headers, body: Array(body.utf8)),
            for: ProviderRequest(url: "https://api.telegram.org/bot<redacted>/sendMessage"))
    }

    func failure(_ outcome: DeliveryOutcome) -> DeliveryFailure? {
        switch outcome {
        case .failed(let failure), .reauthorize(let failure), .windowClosed(let failure), .retry(_, let failure): failure
        case .sent: nil
        }
    }

    @Test func successReturnsTheMessageID() {
        #expect(interpret(200, #"{"ok":true,"result":{"message_id":4251,"date":1}}"#) == .sent(providerMessageID: "4251"))
        #expect(interpret(200, #"{"ok":true,"result":true}"#) == .sent(providerMessageID: nil))
    }

    @Test func tooManyRequestsRetriesAfterTheGivenSeconds() {
        let outcome = interpret(
            429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 14","parameters":{"retry_after":14}}"#)
        guard case .retry(let after, let failure) = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
        #expect(after == 14)
        #expect(failure.category == .rateLimited)
    }

    @Test(arguments: [
        "Forbidden: bot was blocked by the user", "Forbidden: user is deactivated",
        "Forbidden: bot can't initiate conversation with a user", "Forbidden: bot was kicked from the group chat",
    ])
    func forbiddenMeansTheContactIsUnreachableAndIsNotRetried(description: String) {
        let outcome = interpret(403, #"{"ok":false,"error_code":403,"description":"\#(description)"}"#)
        guard case .failed(let failure) = outcome else {
            Issue.record("expected failed, got \(outcome)")
            return
        }
        #expect(failure.category == .contactUnreachable)
        #expect(failure.providerCode == "403")
        #expect(failure.message.contains(description))
    }

    @Test func blockedNamesTheRemedy() {
        let message = failure(interpret(403, #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#))?
            .message
        #expect(message?.contains("unblocks") == true)
    }

    @Test func migrationNamesTheNewChatID() {
        let outcome = interpret(
            400,
            #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1002233445566}}"#
        )
        #expect(failure(outcome)?.category == .invalidRequest)
        #expect(failure(outcome)?.message.contains("-1002233445566") == true)
    }

    @Test func unauthorizedAsksForReauthorization() {
        guard case .reauthorize = interpret(401, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#) else {
            Issue.record("expected reauthorize")
            return
        }
    }

    @Test func serverErrorsAreRetriedHonouringRetryAfter() {
        let outcome = interpret(502, "<html>Bad Gateway</html>", headers: [HTTPField(name: "Retry-After", value: "30")])
        #expect(
            outcome
                == .retry(
                    after: 30,
                    failure: DeliveryFailure(
                        category: .temporary, providerCode: "502", message: "Telegram server error (HTTP 502); try again later")))
    }

    @Test func conflictFailsWithAnExplanation() {
        let outcome = interpret(409, #"{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"}"#)
        guard case .failed(let failure) = outcome else {
            Issue.record("expected failed, got \(outcome)")
            return
        }
        #expect(failure.message.contains("one consumer per bot token"))
    }
}
