import AdapterKit
import SwitchboardCore

/// Classifies Twilio's answer to a send (docs/providers.md §6, §11): 201 `{sid}` is sent; errors come as
/// `{code, message, more_info, status}`.
enum TwilioResponseInterpreter {
    static func interpret(_ response: ProviderResponse) -> DeliveryOutcome {
        let body = response.jsonBody
        if (200..<300).contains(response.status) {
            return .sent(providerMessageID: body?["sid"]?.string)
        }
        let code = body?["code"]?.identifier
        let message = body?["message"]?.string ?? code.flatMap { TwilioErrorCode($0).title } ?? "HTTP \(response.status)"
        let retryAfter = RetryAfter.seconds(response)
        if response.status == 429 || code == TwilioErrorCode.tooManyRequests.rawValue {
            return .retry(
                after: retryAfter, failure: DeliveryFailure(category: .rateLimited, providerCode: code ?? "429", message: message))
        }
        if let code {
            let error = TwilioErrorCode(code)
            let failure = DeliveryFailure(
                category: error.category, providerCode: code, message: message, perRecipient: code == "14107")
            switch error.category {
            case .windowClosed: return .windowClosed(failure)
            case .rateLimited, .temporary: return .retry(after: retryAfter, failure: failure)
            case .authorization: return .reauthorize(failure)
            case .unknown: break
            default: return .failed(failure)
            }
        }
        return RetryAfter.httpOutcome(status: response.status, code: code, message: message, retryAfter: retryAfter)
    }
}
