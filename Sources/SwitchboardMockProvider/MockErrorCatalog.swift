/// The provider error codes the mock knows how to answer, with the HTTP status and message each
/// provider uses (docs/providers.md §2.8, §3, §5-§8). A code not listed here is still answered, with
/// HTTP 400 and a generic message, in the family's error shape.
public enum MockErrorCatalog {
    /// One known error.
    public struct Entry: Sendable, Hashable {
        /// HTTP status of the answer.
        public var status: Int
        /// The provider's message (Graph `message`, Telegram `description`, Twilio `message`, ...).
        public var message: String
        /// Extra detail where the provider gives one (Graph `error_data.details`, Vonage `detail`).
        public var detail: String?
    }

    /// The entry for `code` in `family`, or `nil` when the catalog does not know it.
    public static func entry(code: String, family: MockProviderFamily) -> Entry? {
        switch family {
        case .whatsapp, .dialog360: return whatsapp[code]
        case .messenger: return messenger[code]
        case .telegram: return telegram[code]
        case .twilio: return twilio[code]
        case .vonageSMS: return vonageSMS[code]
        case .vonageMessages: return vonageMessages[code]
        case .messagebird: return messagebird[code]
        }
    }

    static let whatsapp: [String: Entry] = [
        "131047": Entry(
            status: 400, message: "Re-engagement message",
            detail: "Message failed to send because more than 24 hours have passed since the customer last replied to this number."),
        "131056": Entry(
            status: 400, message: "(Business Account, Consumer Account) pair rate limit hit",
            detail:
                "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."
        ),
        "130429": Entry(status: 400, message: "Rate limit hit", detail: "Cloud API message throughput has been reached."),
        "131048": Entry(
            status: 400, message: "Spam rate limit hit",
            detail: "Message failed to send because there are restrictions on how many messages can be sent from this phone number."),
        "131026": Entry(
            status: 400, message: "Message Undeliverable",
            detail: "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number."),
        "131049": Entry(status: 400, message: "This message was not delivered to maintain healthy ecosystem engagement.", detail: nil),
        "131050": Entry(
            status: 400,
            message:
                "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
            detail: nil),
        "131000": Entry(status: 500, message: "Something went wrong", detail: "Message failed to send due to an unknown error."),
        "131016": Entry(status: 503, message: "Service unavailable", detail: "A service is temporarily unavailable."),
        "131008": Entry(status: 400, message: "Required parameter is missing", detail: nil),
        "132001": Entry(status: 404, message: "Template name does not exist in the translation", detail: nil),
        "131042": Entry(status: 400, message: "Business eligibility payment issue", detail: nil),
        "131062": Entry(status: 400, message: "Business-scoped user ID recipients are not supported for this message type", detail: nil),
        "190": Entry(status: 401, message: "Invalid OAuth access token - Cannot parse access token", detail: nil),
        "100": Entry(status: 400, message: "Invalid parameter", detail: nil),
    ]

    static let messenger: [String: Entry] = [
        "551": Entry(status: 400, message: "This person isn't available right now.", detail: nil),
        "10": Entry(status: 400, message: "This message is sent outside of allowed window.", detail: nil),
        "613": Entry(status: 400, message: "Calls to this api have exceeded the rate limit.", detail: nil),
        "2": Entry(status: 500, message: "An unexpected error has occurred. Please retry your request later.", detail: nil),
        "190": Entry(status: 401, message: "Invalid OAuth access token.", detail: nil),
        "100": Entry(status: 400, message: "No matching user found", detail: nil),
    ]

    static let telegram: [String: Entry] = [
        "403": Entry(status: 403, message: "Forbidden: bot was blocked by the user", detail: nil),
        "400": Entry(status: 400, message: "Bad Request: chat not found", detail: nil),
        "401": Entry(status: 401, message: "Unauthorized", detail: nil),
        "409": Entry(status: 409, message: "Conflict: terminated by other getUpdates request", detail: nil),
    ]

    static let twilio: [String: Entry] = [
        "21610": Entry(status: 400, message: "Attempt to send to unsubscribed recipient", detail: nil),
        "20429": Entry(status: 429, message: "Too Many Requests", detail: nil),
        "21211": Entry(status: 400, message: "The 'To' number is not a valid phone number.", detail: nil),
        "21614": Entry(status: 400, message: "'To' number is not a valid mobile number", detail: nil),
        "21408": Entry(
            status: 400, message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number", detail: nil),
        "63016": Entry(status: 400, message: "Failed to send freeform message because you are outside the allowed window.", detail: nil),
        "20003": Entry(status: 401, message: "Authenticate", detail: nil),
    ]

    /// Vonage SMS API statuses; the SMS API answers them with HTTP 200 and `messages[].status`.
    static let vonageSMS: [String: Entry] = [
        "1": Entry(status: 200, message: "Throughput Rate Exceeded - please wait [ 1000 ] and retry", detail: nil),
        "2": Entry(status: 200, message: "Missing to param", detail: nil),
        "3": Entry(status: 200, message: "Invalid to param", detail: nil),
        "4": Entry(status: 200, message: "Bad Credentials", detail: nil),
        "5": Entry(status: 200, message: "Internal Error", detail: nil),
        "6": Entry(status: 200, message: "Invalid Message", detail: nil),
        "7": Entry(status: 200, message: "Number barred", detail: nil),
        "9": Entry(status: 200, message: "Partner quota violation", detail: nil),
        "15": Entry(status: 200, message: "Illegal Sender Address - rejected", detail: nil),
        "29": Entry(status: 200, message: "Non-Whitelisted Destination", detail: nil),
        "33": Entry(status: 200, message: "Number de-activated", detail: nil),
    ]

    /// Vonage Messages API problems (`type` ends in the code).
    static let vonageMessages: [String: Entry] = [
        "1": Entry(status: 429, message: "Rate Limit Hit", detail: "Please wait, then retry your request"),
        "1010": Entry(status: 429, message: "Rate Limit Hit", detail: "Please wait, then retry your request"),
        "1020": Entry(status: 422, message: "Invalid params", detail: "The value of one or more parameters is invalid."),
        "1150": Entry(status: 422, message: "Invalid params", detail: "The number you are trying to send to is not a valid number."),
        "1240": Entry(status: 403, message: "Illegal Sender Address - rejected", detail: nil),
    ]

    static let messagebird: [String: Entry] = [
        "2": Entry(status: 401, message: "Request not allowed (incorrect access_key)", detail: nil),
        "9": Entry(status: 422, message: "no (correct) recipients found", detail: nil),
        "20": Entry(status: 404, message: "message not found", detail: nil),
        "21": Entry(status: 422, message: "Bad request", detail: nil),
        "25": Entry(status: 422, message: "Not enough balance", detail: nil),
        "103": Entry(status: 422, message: "The recipient has opted out", detail: nil),
    ]
}
