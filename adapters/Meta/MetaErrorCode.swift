import AdapterKit
import SwitchboardCore

/// Messenger / Instagram Send API error codes and subcodes (docs/providers.md §3 "Errors"), as an open
/// set. Codes shared with WhatsApp (rate limits, permissions, tokens) live in ``WhatsAppErrorCode``,
/// which this adapter falls back to.
public struct MetaErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }

    /// Code 10: permission denied; with a window subcode, the message is outside the allowed window.
    public static let permissionDenied = MetaErrorCode(10)
    /// Code 551: the person isn't available (blocked the Page, or turned messages off).
    public static let personUnavailable = MetaErrorCode(551)
    /// Code 1200: temporary send failure.
    public static let temporarySendFailure = MetaErrorCode(1200)

    /// Subcode 2018278 (Messenger): sent outside the allowed window.
    public static let outsideWindowMessenger = MetaErrorCode(2018278)
    /// Subcode 2534022 (Instagram): sent outside the allowed window.
    public static let outsideWindowInstagram = MetaErrorCode(2534022)
    /// Subcode 2018108: the app is in development mode and the person has no role on it.
    public static let nonRoleUserInDevelopmentMode = MetaErrorCode(2018108)
    /// Subcode 1545041: the person isn't available right now.
    public static let personUnavailableSubcode = MetaErrorCode(1545041)
}

extension MetaErrorCode {
    /// The Messenger / Instagram outcome for a Graph error, or `nil` to use the WhatsApp / Graph table.
    static func outcome(
        for error: WhatsAppResponseInterpreter.GraphError, retryAfter: Double?, status: Int
    ) -> DeliveryOutcome? {
        guard let rawCode = error.code else { return nil }
        let code = MetaErrorCode(rawCode)
        let subcode = error.subcode.map { MetaErrorCode($0) }
        let said = error.providerText.map { " (provider said: \($0))" } ?? ""
        func failure(_ category: DeliveryFailure.Category, _ sentence: String) -> DeliveryFailure {
            DeliveryFailure(category: category, providerCode: code.description, message: sentence + said)
        }
        if subcode == .outsideWindowMessenger || subcode == .outsideWindowInstagram {
            return .windowClosed(
                failure(
                    .windowClosed,
                    "the message is outside the 24-hour window: a human agent can reply with the HUMAN_AGENT tag within 7 days, otherwise use an allowed message tag"
                ))
        }
        if subcode == .nonRoleUserInDevelopmentMode {
            return .failed(
                failure(
                    .authorization,
                    "the app is in development mode and this person has no role on it: add them as a tester or take the app live"))
        }
        if code == .personUnavailable || subcode == .personUnavailableSubcode {
            return .failed(
                failure(
                    .contactUnreachable,
                    "the person isn't available: they blocked the Page or turned off messages; do not retry"))
        }
        if code == .temporarySendFailure {
            return .retry(after: retryAfter, failure: failure(.temporary, "a temporary send failure: retry with backoff"))
        }
        return nil
    }
}
