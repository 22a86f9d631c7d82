import SwitchboardCore

/// Vonage codes (an open set): SMS API send `status` values, delivery-receipt `err-code` values and
/// Messages API problem codes (docs/providers.md §7, §11; courier `nexmo/handler.go`).
public struct VonageErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// SMS API send status: what it means.
    public var sendTitle: String? { Self.sendTitles[rawValue] }

    /// SMS API send status: how the gateway treats it.
    public var sendCategory: DeliveryFailure.Category {
        switch rawValue {
        case "1", "10": .rateLimited
        case "5": .temporary
        case "2", "3", "6", "12", "15": .invalidRequest
        case "4", "14": .authorization
        case "7", "33": .contactUnreachable
        case "8", "9", "11", "29": .accountProblem
        default: .unknown
        }
    }

    /// Delivery receipt `err-code`: what it means.
    public var receiptTitle: String? { Self.receiptTitles[rawValue] }

    /// Messages API error code (`1000`, `1010`, ...): what it means.
    public var messagesTitle: String? { Self.messagesTitles[rawValue] }

    static let sendTitles: [String: String] = [
        "0": "Success",
        "1": "Throttled",
        "2": "Missing parameters",
        "3": "Invalid parameters",
        "4": "Invalid credentials",
        "5": "Internal error",
        "6": "Invalid message",
        "7": "Number barred",
        "8": "Partner account barred",
        "9": "Partner quota violation",
        "10": "Too many existing binds",
        "11": "Account not enabled for HTTP",
        "12": "Message too long",
        "14": "Invalid signature",
        "15": "Invalid sender address",
        "29": "Non-whitelisted destination",
        "33": "Number de-activated",
    ]

    static let receiptTitles: [String: String] = [
        "0": "Delivered",
        "1": "Unknown",
        "2": "Absent subscriber (temporary)",
        "3": "Absent subscriber (permanent)",
        "4": "Call barred by user",
        "5": "Portability error",
        "6": "Anti-spam rejection",
        "7": "Handset busy",
        "8": "Network error",
        "9": "Illegal number",
        "10": "Illegal message",
        "11": "Unroutable",
        "12": "Destination unreachable",
        "13": "Subscriber age restriction",
        "14": "Number blocked by carrier",
        "15": "Prepaid insufficient funds",
        "99": "General error",
    ]

    static let messagesTitles: [String: String] = [
        "1000": "Throttled",
        "1010": "Rate limit hit",
    ]
}
