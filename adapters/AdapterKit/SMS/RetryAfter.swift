import Foundation
import SwitchboardCore

/// Retry hints and the generic HTTP-status classification the adapters share (docs/providers.md §11).
///
/// Every wait a provider states (`Retry-After`, Telegram's `parameters.retry_after`, Vonage's "please wait")
/// goes through ``clamped(_:)``: an adapter never reports a negative, NaN, infinite or absurdly long wait.
/// The dispatcher then holds the wait to its retry policy's maximum delay.
public enum RetryAfter {
    /// The longest wait an adapter reports: one day, the largest `max_delay_ms` the dispatcher accepts.
    public static let maximumSeconds: Double = 86_400

    /// `seconds` brought into `0...maximumSeconds`: negative and NaN become 0, longer (and infinite) waits
    /// become ``maximumSeconds``.
    public static func clamped(_ seconds: Double) -> Double {
        guard seconds > 0 else { return 0 }
        return min(seconds, maximumSeconds)
    }

    /// A wait given as a JSON value (a number, or a number in a string), clamped; `nil` when it is neither.
    /// The literal is read here, so `1e400` is a very long wait and `"nan"` none, not "no hint".
    public static func seconds(json value: JSONValue?) -> Double? {
        value?.identifier.flatMap { Double($0.trimmingWhitespace()) }.map(clamped)
    }

    /// A `Retry-After` header in its delta-seconds form, clamped; `nil` when absent or not a number.
    /// Fractions and exponents are read too (`0.5`, `1e20`): providers do not all send whole seconds.
    public static func seconds(_ header: String?) -> Double? {
        guard let header = header?.trimmingWhitespace(), !header.isEmpty, let value = Double(header) else { return nil }
        return clamped(value)
    }

    /// The `Retry-After` header of `response`, clamped: delta-seconds, or an HTTP date measured against the
    /// response's own `Date` header (adapters have no clock). `nil` when absent, unreadable, or a date
    /// without a `Date` header to measure it against.
    public static func seconds(_ response: ProviderResponse) -> Double? {
        guard let value = response.header("Retry-After")?.trimmingWhitespace(), !value.isEmpty else { return nil }
        if let seconds = seconds(value) { return seconds }
        guard let until = httpDate(value), let now = response.header("Date").flatMap(httpDate) else { return nil }
        return clamped(until.timeIntervalSince(now))
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingWhitespace())
    }

    /// The outcome for an error response whose provider code said nothing more specific:
    /// 401/403 reauthorize, 429 and 5xx retry (after `retryAfter`, clamped), other 4xx fail as invalid requests.
    public static func httpOutcome(status: Int, code: String?, message: String, retryAfter: Double?) -> DeliveryOutcome {
        switch status {
        case 401, 403:
            return .reauthorize(DeliveryFailure(category: .authorization, providerCode: code, message: message))
        case 429:
            return .retry(
                after: retryAfter.map(clamped), failure: DeliveryFailure(category: .rateLimited, providerCode: code, message: message))
        case 500...599:
            return .retry(
                after: retryAfter.map(clamped), failure: DeliveryFailure(category: .temporary, providerCode: code, message: message))
        case 400...499:
            return .failed(DeliveryFailure(category: .invalidRequest, providerCode: code, message: message))
        default:
            return .failed(DeliveryFailure(category: .unknown, providerCode: code, message: message))
        }
    }
}
