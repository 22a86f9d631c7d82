import Foundation
import SwitchboardCore

/// A webhook request as the provider sent it: method, the full URL it called, headers, raw body; and, for
/// verification, when it was received and how far a provider's clock may be from the server's.
public struct InboundRequest: Sendable, Hashable {
    /// The clock skew allowed when none is configured: 5 minutes (`limits.clock_skew_ms`).
    public static let defaultClockSkewMilliseconds: Int64 = 300_000

    public var method: String
    /// The full public URL, query included (Twilio and MessageBird sign it).
    public var url: String
    public var headers: [HTTPField]
    /// The body exactly as received.
    public var body: [UInt8]
    /// When the server received the request, read from its clock: what
    /// ``ChannelAdapter/verify(_:connection:)`` compares a signature's time with (a JWT's `iat`, `nbf` and `exp`,
    /// Vonage's signed `timestamp`). The gateway always sets it. `nil` only off the server (unit tests, offline
    /// tools): a signature is then checked at the time it says it was made, so its time claims are read and
    /// must be well formed and present where the provider always sends them, but are not compared with a clock.
    public var receivedAt: Timestamp?
    /// How far, in milliseconds, a signed time may be from ``receivedAt`` in either direction
    /// (`limits.clock_skew_ms`, default ``defaultClockSkewMilliseconds``).
    public var clockSkewMilliseconds: Int64 = InboundRequest.defaultClockSkewMilliseconds

    public init(method: String = "POST", url: String = "http://localhost/", headers: [HTTPField] = [], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A POST of `body` with a `Content-Type`.
    public init(body: [UInt8], contentType: String?) {
        self.init(headers: contentType.map { [HTTPField(name: "Content-Type", value: $0)] } ?? [], body: body)
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The media type of the body, lower-cased, without parameters.
    public var contentType: String? {
        header("Content-Type").map { $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "" }
    }

    /// The query parameters of ``url``, in order, percent-decoded (`+` as space).
    public var queryItems: [(name: String, value: String)] {
        guard let questionMark = url.firstIndex(of: "?") else { return [] }
        var query = String(url[url.index(after: questionMark)...])
        if let hash = query.firstIndex(of: "#") { query = String(query[..<hash]) }
        return FormBody.parse(query).fields
    }

    /// The first query parameter named `name`.
    public func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// Sets header `name` to `value`, in place of every header of that name (compared ignoring case).
    public mutating func setHeader(_ name: String, _ value: String) {
        let lowered = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowered }
        headers.append(HTTPField(name: name, value: value))
    }
}
