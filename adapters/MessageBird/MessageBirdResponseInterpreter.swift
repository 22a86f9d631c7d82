import AdapterKit
import SwitchboardCore

/// Classifies MessageBird's answers (docs/providers.md §8, §11): 201 message object `{id}` is sent;
/// `{"errors":[{code, description, parameter}]}` is classified by its first code; 429 and 5xx retry.
enum MessageBirdResponseInterpreter {
    static func interpret(_ response: ProviderResponse) -> DeliveryOutcome {
        let body = response.jsonBody
        if (200..<300).contains(response.status), body?["errors"] == nil {
            return .sent(providerMessageID: body?["id"]?.identifier)
        }
        let retryAfter = RetryAfter.seconds(response)
        let error = body?["errors"]?[0]
        let code = error?["code"]?.identifier
        var message = error?["description"]?.string ?? code.flatMap { MessageBirdErrorCode($0).apiTitle } ?? "HTTP \(response.status)"
        if let parameter = error?["parameter"]?.string { message += " (\(parameter))" }
        if response.status == 429 || (500...599).contains(response.status) {
            return RetryAfter.httpOutcome(status: response.status, code: code, message: message, retryAfter: retryAfter)
        }
        if let code {
            let failure = DeliveryFailure(category: MessageBirdErrorCode(code).apiCategory, providerCode: code, message: message)
            switch failure.category {
            case .authorization: return .reauthorize(failure)
            case .temporary: return .retry(after: retryAfter, failure: failure)
            case .unknown: break
            default: return .failed(failure)
            }
        }
        return RetryAfter.httpOutcome(status: response.status, code: code, message: message, retryAfter: retryAfter)
    }
}
