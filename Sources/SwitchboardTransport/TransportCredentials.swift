/// Login secrets for a request: SMTP AUTH (`CURLOPT_USERNAME` / `CURLOPT_PASSWORD`, or XOAUTH2), or
/// HTTP Basic when an HTTP request carries them.
///
/// The values are secret: `description`, `debugDescription` and reflection (`dump`, string
/// interpolation) print `<redacted>`, so credentials never end up in a log line by accident.
public struct TransportCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The login name (not secret on its own, but printed redacted all the same).
    public var username: String
    /// The password, or `nil` when ``oauth2BearerToken`` is used.
    public var password: String?
    /// An OAuth 2 access token for SMTP `AUTH XOAUTH2` / `OAUTHBEARER` (`CURLOPT_XOAUTH2_BEARER`).
    public var oauth2BearerToken: String?

    /// Username and password login.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
        self.oauth2BearerToken = nil
    }

    /// OAuth 2 login (Gmail, Microsoft 365 SMTP).
    public init(username: String, oauth2BearerToken: String) {
        self.username = username
        self.password = nil
        self.oauth2BearerToken = oauth2BearerToken
    }

    public var description: String { "TransportCredentials(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
