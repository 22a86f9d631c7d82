import AdapterKit
import SwitchboardCore

/// Classifies Vonage's answers (docs/providers.md §7, §11).
///
/// - SMS API: 200 `{"messages":[{"status":"0","message-id"}...]}`, one entry per segment; the first
///   non-zero status decides; all zero is sent with the first segment's id. Status 1 (throttled) retries
///   after the "please wait [ n ]" hint, read as milliseconds.
/// - Messages API: 202 `{message_uuid}`; errors are problem+json, 429 retries (Retry-After honoured).
///
/// Every wait is clamped by ``RetryAfter/clamped(_:)``: never negative, NaN or longer than a day.
enum VonageResponseInterpreter {
    static func interpret(_ response: ProviderResponse) -> DeliveryOutcome {
        let body = response.jsonBody
        let retryAfter = RetryAfter.seconds(response)
        if let parts = body?["messages"]?.array {
            for part in parts {
                let status = part["status"]?.identifier ?? "0"
                guard status != "0" else { continue }
                return smsFailure(status: status, text: part["error-text"]?.string, retryAfter: retryAfter)
            }
            if (200..<300).contains(response.status) {
                return .sent(providerMessageID: parts.first?["message-id"]?.identifier)
            }
        }
        if (200..<300).contains(response.status) {
            return .sent(providerMessageID: body?["message_uuid"]?.string)
        }
        let typeCode = body?["type"]?.string.flatMap { type -> String? in
            guard let hash = type.lastIndex(of: "#") else { return nil }
            return String(type[type.index(after: hash)...])
        }
        let title = body?["title"]?.string
        let detail = body?["detail"]?.string
        let message = [title, detail].compactMap { $0 }.joined(separator: ": ")
        return RetryAfter.httpOutcome(
            status: response.status, code: typeCode, message: message.isEmpty ? "HTTP \(response.status)" : message,
            retryAfter: retryAfter)
    }

    static func smsFailure(status: String, text: String?, retryAfter: Double?) -> DeliveryOutcome {
        let code = VonageErrorCode(status)
        let failure = DeliveryFailure(
            category: code.sendCategory, providerCode: status, message: text ?? code.sendTitle ?? "Vonage status \(status)")
        switch code.sendCategory {
        case .rateLimited, .temporary:
            return .retry(after: pleaseWait(text).map { RetryAfter.clamped($0 / 1000) } ?? retryAfter, failure: failure)
        case .authorization: return .reauthorize(failure)
        default: return .failed(failure)
        }
    }

    /// The `n` of "please wait [ n ] and retry".
    static func pleaseWait(_ text: String?) -> Double? {
        guard let text, let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        return Double(text[text.index(after: open)..<close].filter { !$0.isWhitespace })
    }
}
