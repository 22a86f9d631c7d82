import SwitchboardCore

/// One configured provider connection, as adapters see it: account, secrets and endpoint overrides.
public struct ConnectionConfig: Sendable, Hashable {
    public var name: String
    public var provider: Provider
    public var channel: Channel?
    public var account: String
    public var secrets: [String: Secret]
    /// Replaces the provider's API base URL (a mock provider, a regional endpoint).
    public var baseURL: String?
    /// Provider-specific settings (`api_version`, `signature_method`, `public_url`, ...).
    public var options: [String: String]
    /// `insecure_accept_unsigned: true`: for a provider whose webhook signing is optional (360dialog, email), accept
    /// webhooks without any proof of origin when the connection configures none
    /// (``ChannelAdapter/webhookAuthentication(connection:)``). Off by default: such a connection refuses them (401).
    public var insecureAcceptUnsigned = false

    public init(
        name: String = "default", provider: Provider, channel: Channel? = nil, account: String = "",
        secrets: [String: Secret] = [:], baseURL: String? = nil, options: [String: String] = [:]
    ) {
        self.name = name
        self.provider = provider
        self.channel = channel
        self.account = account
        self.secrets = secrets
        self.baseURL = baseURL
        self.options = options
    }

    /// The secret named `name`, or a `missing_secret` error.
    public func secret(_ name: String) throws(SwitchboardError) -> String {
        guard let secret = secrets[name], !secret.value.isEmpty else { throw .missingSecret(name) }
        return secret.value
    }

    /// Every secret value, for redaction.
    public var secretValues: [String] { secrets.values.map(\.value) }
}

/// A credential. Printing or logging it shows `<redacted>`; only ``value`` reveals it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, ExpressibleByStringLiteral {
    public let value: String
    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
