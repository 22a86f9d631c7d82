/// The messaging channel a contact uses, independent of the provider carrying it.
public enum Channel: String, Sendable, Hashable, CaseIterable {
    case whatsapp, messenger, instagram, telegram, email, sms
}

/// The wire format an event came through or a message goes out through.
///
/// An open set (like GRDB's `ResultCode`): known providers are static members, and a value for a
/// provider this build does not know still round-trips.
public struct Provider: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let meta = Provider("meta")
    public static let dialog360 = Provider("360dialog")
    public static let telegram = Provider("telegram")
    public static let twilio = Provider("twilio")
    public static let vonage = Provider("vonage")
    public static let messagebird = Provider("messagebird")
    public static let email = Provider("email")
}

/// Who sent an event's message: a contact (`inbound`) or the business (`outbound`, echoes included).
public enum Direction: String, Sendable, Hashable {
    case inbound, outbound
}

/// The five canonical event kinds.
public enum EventKind: String, Sendable, Hashable, CaseIterable {
    case message, status, edit, delete, event
}
