import SwitchboardCore

/// A Twilio error code (an open set): the `ErrorCode` of a status callback or the `code` of an API error.
///
/// Titles and categories follow docs/providers.md §6 and §11 (courier's `twiml/errors.json`).
public struct TwilioErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let unsubscribed = TwilioErrorCode("21610")
    public static let invalidTo = TwilioErrorCode("21211")
    public static let bodyTooLong = TwilioErrorCode("21617")
    public static let tooManyRequests = TwilioErrorCode("20429")
    public static let windowClosed = TwilioErrorCode("63016")

    /// What the code means, where known.
    public var title: String? { Self.titles[rawValue] }

    /// How the gateway should treat a send that failed with this code.
    public var category: DeliveryFailure.Category {
        switch rawValue {
        case "21610": .optedOut
        case "21211", "21614", "21606", "21617", "21602", "21604", "21620", "21623", "63024": .invalidRequest
        case "30003", "30004", "30005", "30006": .contactUnreachable
        case "63016": .windowClosed
        case "20429", "14107", "30022", "63018": .rateLimited
        case "20003", "20005": .authorization
        case "21408", "30007", "30034", "63032", "21612": .accountProblem
        case "30008", "30001": .temporary
        default: .unknown
        }
    }

    static let titles: [String: String] = [
        "14107": "Reply rate limit exceeded between these two numbers",
        "20003": "Authentication failed",
        "20005": "Account not active",
        "20429": "Too many requests",
        "21211": "Invalid 'To' phone number",
        "21408": "Permission to send an SMS has not been enabled for the region",
        "21602": "Message body is required",
        "21606": "The 'From' phone number provided is not a valid message-capable phone number for this destination",
        "21610": "Attempt to send to unsubscribed recipient",
        "21612": "The 'To' phone number is not currently reachable via SMS",
        "21614": "'To' number is not a valid mobile number",
        "21617": "The concatenated message body exceeds the 1600 character limit",
        "21620": "Invalid media URL(s)",
        "21623": "Number of media files exceeds allowed limit",
        "30001": "Queue overflow",
        "30003": "Unreachable destination handset",
        "30004": "Message blocked",
        "30005": "Unknown destination handset",
        "30006": "Landline or unreachable carrier",
        "30007": "Carrier violation (message filtered)",
        "30008": "Unknown error",
        "30019": "Content size exceeds carrier limit",
        "30022": "US A2P 10DLC rate limits exceeded",
        "30034": "Message from an unregistered number (US A2P 10DLC)",
        "11751": "Media message size exceeds limit",
        "63016": "Failed to send freeform message because you are outside the allowed window",
        "63018": "Rate limit exceeded for channel",
        "63024": "Invalid message recipient",
        "63032": "Message cannot be sent to this user because of a WhatsApp limitation",
        "63034": "Media exceeds the WhatsApp size limit",
    ]
}
