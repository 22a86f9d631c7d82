/// Whether a connection's webhooks can be authenticated (``ChannelAdapter/webhookAuthentication(connection:)``).
public enum WebhookAuthentication: Sendable, Hashable {
    /// The provider signs every webhook: ``ChannelAdapter/verify(_:connection:)`` checks it, and refuses every request
    /// when the connection lacks the secret.
    case required
    /// The provider's signing is optional and the connection configures a check (a secret, a static header).
    case configured
    /// The provider's signing is optional and the connection configures no check: ``ChannelAdapter/verify(_:connection:)``
    /// refuses every request unless ``ConnectionConfig/insecureAcceptUnsigned`` is set. `remedy` says what to configure
    /// (secret and option names only, never a value).
    case missing(remedy: String)
}
