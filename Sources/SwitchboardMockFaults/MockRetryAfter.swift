/// How long a rate-limited answer tells the client to wait: whole seconds, or a literal text that a test
/// chooses to probe the client's parsing (`1e20`, `-5`, `nan`, an HTTP date far in the future).
///
/// The text, when set, is written verbatim everywhere the provider writes its number: the `Retry-After`
/// header, Telegram's `parameters.retry_after` (a JSON number when the text reads as one, else a JSON
/// string) and the Vonage SMS "please wait [ … ]" brackets (which the real API gives in milliseconds).
public struct MockRetryAfter: Sendable, Hashable {
    /// Whole seconds, used when ``text`` is `nil`.
    public var seconds: Int
    /// The literal text to answer with instead of ``seconds``.
    public var text: String?

    /// A wait of `seconds`, answered as `text` instead when one is given.
    public init(seconds: Int, text: String? = nil) {
        self.seconds = seconds
        self.text = text
    }

    /// Why `text` cannot be answered with, or `nil` when it can: it must be non-empty printable ASCII (a
    /// header value), at most 200 characters.
    public static func problem(text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= 200 else { return "retry_after_text must be 1 to 200 characters" }
        guard text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            return "retry_after_text must be printable ASCII (it is sent as a header value)"
        }
        return nil
    }

    /// The largest ``seconds`` a fault plan accepts (about 31 years): longer waits are written with a text.
    public static let maximumSeconds = 1_000_000_000
}
