import SwitchboardCore

/// Retry hints and the generic HTTP-status classification the SMS adapters share (providers.md §11).
public enum RetryAfter {
    /// `Retry-After` in seconds (delta-seconds form; an HTTP date gives `nil`).
    public static func seconds(_ header: String?) -> Double? {
        guard let header = header?.trimmingWhitespace(), let value = Double(header), value >= 0 else { return nil }
        return value
    }

    /// The outcome for an error response whose provider code said nothing more specific:
    /// 401/403 reauthorize, 429 and 5xx retry, other 4xx fail as invalid requests.
    public static func httpOutcome(status: Int, code: String?, message: String, retryAfter: Double?) -> DeliveryOutcome {
        switch status {
        case 401, 403:
            return .reauthorize(DeliveryFailure(category: .authorization, providerCode: code, message: message))
        case 429:
            return .retry(after: retryAfter, failure: DeliveryFailure(category: .rateLimited, providerCode: code, message: message))
        case 500...599:
            return .retry(after: retryAfter, failure: DeliveryFailure(category: .temporary, providerCode: code, message: message))
        case 400...499:
            return .failed(DeliveryFailure(category: .invalidRequest, providerCode: code, message: message))
        default:
            return .failed(DeliveryFailure(category: .unknown, providerCode: code, message: message))
        }
    }
}
