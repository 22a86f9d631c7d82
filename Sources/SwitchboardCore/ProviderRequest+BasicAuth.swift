import Foundation

extension ProviderRequest {
    /// `Authorization: Basic` credentials are base64 of `user:secret`, so a plain search for the secret
    /// misses them: a Basic header whose decoded credentials contain any of `secrets` becomes
    /// `Basic <redacted>`.
    static func redactingBasicCredentials(_ field: HTTPField, secrets: [String]) -> HTTPField {
        let prefix = "Basic "
        guard field.name.lowercased() == "authorization", field.value.hasPrefix(prefix),
            let decoded = Base64.decode(String(field.value.dropFirst(prefix.count))),
            let credentials = String(validating: decoded, as: UTF8.self),
            secrets.contains(where: { !$0.isEmpty && credentials.contains($0) })
        else { return field }
        return HTTPField(name: field.name, value: prefix + "<redacted>")
    }
}
