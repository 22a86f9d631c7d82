import Foundation
import SwitchboardCore

extension WhatsAppResponseInterpreter {
    /// The `Retry-After` header in seconds: a number of seconds, or an HTTP date measured against the
    /// response's own `Date` header (adapters have no clock). `nil` when absent or unreadable.
    public static func retryAfterSeconds(_ response: ProviderResponse) -> Double? {
        guard let value = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if let seconds = Double(value), seconds.isFinite { return max(0, seconds) }
        guard let until = httpDate(value), let now = response.header("Date").flatMap(httpDate) else { return nil }
        return max(0, until.timeIntervalSince(now))
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
