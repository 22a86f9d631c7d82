import SwitchboardCore

/// `Retry-After` answers no sane provider sends, with the wait in seconds every adapter must read from them:
/// clamped into 0 s … one day (`RetryAfter.maximumSeconds`), an HTTP date read against the answer's `Date`.
public struct AbsurdRetryAfter: Sendable, CustomStringConvertible {
    /// The `Retry-After` header's text.
    public var header: String
    /// The answer's `Date` header, for an HTTP-date `Retry-After`.
    public var date: String?
    /// The wait the outcome must carry.
    public var seconds: Double?

    /// The samples every response interpreter is tested with.
    public static let samples: [AbsurdRetryAfter] = [
        .init(header: "1e20", seconds: 86_400), .init(header: "-5", seconds: 0),
        .init(header: "999999999999999999999", seconds: 86_400), .init(header: "7", seconds: 7),
        .init(header: "-inf", seconds: 0), .init(header: "nan", seconds: 0),
        .init(header: "Fri, 31 Dec 9999 23:59:59 GMT", date: "Sun, 22 Nov 2026 04:00:00 GMT", seconds: 86_400),
        .init(header: "Thu, 01 Jan 1970 00:00:00 GMT", date: "Sun, 22 Nov 2026 04:00:00 GMT", seconds: 0),
    ]

    public init(header: String, date: String? = nil, seconds: Double?) {
        self.header = header
        self.date = date
        self.seconds = seconds
    }

    /// The answer's headers: `Retry-After`, and `Date` when the sample has one.
    public var fields: [HTTPField] {
        var fields = [HTTPField(name: "Retry-After", value: header)]
        if let date { fields.append(HTTPField(name: "Date", value: date)) }
        return fields
    }

    public var description: String { "Retry-After: \(header)" }
}
