import SwitchboardCore

/// MessageBird codes (an open set): REST API `errors[].code` values and status-report
/// `statusErrorCode` values (docs/providers.md §8, §11).
public struct MessageBirdErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Status report code 103: the recipient has opted out (courier turns it into a stop).
    public static let optedOut = MessageBirdErrorCode("103")

    /// REST API error: what it means.
    public var apiTitle: String? { Self.apiTitles[rawValue] }

    /// REST API error: how the gateway treats a send that failed with it.
    public var apiCategory: DeliveryFailure.Category {
        switch rawValue {
        case "2": .authorization
        case "9", "10", "20", "21", "98": .invalidRequest
        case "25": .accountProblem
        case "99": .temporary
        default: .unknown
        }
    }

    /// Status report error: what it means, where known.
    public var statusTitle: String? { rawValue == Self.optedOut.rawValue ? "Recipient opted out" : nil }

    static let apiTitles: [String: String] = [
        "2": "Request not allowed (incorrect access_key)",
        "9": "Missing params",
        "10": "Invalid params",
        "20": "Not found",
        "21": "Bad request",
        "25": "Not enough balance",
        "98": "API not found",
        "99": "Internal error",
    ]
}
