import AdapterKit
import Foundation
import SwitchboardCore

/// Headers that carry credentials or signatures: never stored in quarantine, never recorded,
/// never logged.
public enum SensitiveHeaders {
    /// Name fragments (lower-case) that mark a header as sensitive.
    static let fragments = ["authorization", "signature", "secret", "token", "api-key", "api_key", "apikey", "cookie", "password"]

    /// Whether `name` carries a credential or a signature.
    public static func isSensitive(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return fragments.contains { lowered.contains($0) }
    }
}

/// What a webhook kept after it was answered (the quarantine, `serve --record`, the quarantine API) must not
/// hold: the connections' secrets. From the URL, the password of its user info and the value of every query
/// parameter that carries a secret become `<redacted>`; headers that carry one are dropped. A parameter or
/// header carries a secret when its name marks a credential (``SensitiveHeaders``), when an adapter names it
/// (``ChannelAdapter/credentialFields(connection:)``: email's `token`, a 360dialog `webhook_header`), or when its
/// value is one of the configured secret values or contains one of at least ``minimumContainedSecret`` characters.
/// The body is kept byte-exact.
public struct WebhookRedaction: Sendable {
    /// What a redacted value reads.
    public static let placeholder = "<redacted>"
    /// Secrets shorter than this are looked for as whole values only (a short one would match innocent text).
    static let minimumContainedSecret = 8

    private let headerNames: Set<String>
    private let parameterNames: Set<String>
    private let secrets: [String]

    /// The redaction of every secret of `connections` and of `secrets` (``GatewayConfiguration/secretValues``: API
    /// keys, subscriber secrets), with the credential fields the connections' adapters in `registry` name.
    public init(connections: [ConnectionConfig], registry: AdapterRegistry, secrets extra: [String] = []) {
        var headers = Set<String>()
        var parameters = Set<String>()
        var secrets = Set(extra.filter { !$0.isEmpty })
        for connection in connections {
            if let fields = registry.adapter(for: connection.provider)?.credentialFields(connection: connection) {
                headers.formUnion(fields.headers.map { $0.lowercased() })
                parameters.formUnion(fields.queryParameters.map { $0.lowercased() })
            }
            secrets.formUnion(connection.secretValues.filter { !$0.isEmpty })
        }
        headerNames = headers
        parameterNames = parameters
        self.secrets = secrets.sorted()
    }

    /// `request` with its URL and headers redacted, its method and body as they were.
    public func redacting(_ request: InboundRequest) -> InboundRequest {
        InboundRequest(method: request.method, url: url(request.url), headers: headers(request.headers), body: request.body)
    }

    /// `headers` without those that carry a credential, a signature or a secret.
    public func headers(_ headers: [HTTPField]) -> [HTTPField] {
        headers.filter { field in
            !SensitiveHeaders.isSensitive(field.name) && !headerNames.contains(field.name.lowercased()) && !holdsSecret(field.value)
        }
    }

    /// `url` with the password of its user info and every secret-carrying query parameter's value redacted.
    public func url(_ url: String) -> String {
        var head = url
        var fragment = ""
        if let hash = head.firstIndex(of: "#") {
            fragment = String(head[hash...])
            head = String(head[..<hash])
        }
        var query: String?
        if let mark = head.firstIndex(of: "?") {
            query = String(head[head.index(after: mark)...])
            head = String(head[..<mark])
        }
        var result = Self.redactingUserInfo(head)
        if let query { result += "?" + redactingQuery(query) }
        return result + fragment
    }

    /// `scheme://user:password@host/...` as `scheme://user:<redacted>@host/...` (a lone user name, which can be a
    /// token too, as `<redacted>`).
    static func redactingUserInfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let authorityStart = scheme.upperBound
        let authorityEnd = url[authorityStart...].firstIndex(of: "/") ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return url }
        let userInfo = url[authorityStart..<at]
        let kept = userInfo.firstIndex(of: ":").map { String(userInfo[..<$0]) + ":" } ?? ""
        return String(url[..<authorityStart]) + kept + placeholder + String(url[at...])
    }

    private func redactingQuery(_ query: String) -> String {
        let pieces = query.split(separator: "&", omittingEmptySubsequences: false).map { piece -> String in
            guard let field = FormBody.parse(String(piece)).fields.first else { return String(piece) }
            let name = field.name.lowercased()
            guard SensitiveHeaders.isSensitive(name) || parameterNames.contains(name) || holdsSecret(field.value) else {
                return String(piece)
            }
            let rawName = piece.firstIndex(of: "=").map { String(piece[..<$0]) } ?? String(piece)
            return rawName + "=" + Self.placeholder
        }
        return pieces.joined(separator: "&")
    }

    /// Whether `value` is a configured secret or contains one long enough to look for.
    private func holdsSecret(_ value: String) -> Bool {
        guard !value.isEmpty else { return false }
        return secrets.contains { secret in
            secret == value || (secret.utf8.count >= Self.minimumContainedSecret && value.contains(secret))
        }
    }
}
