import AdapterKit
import SwitchboardCore
import Yams

/// A connection's `insecure_accept_unsigned`, checked against what its adapter can authenticate.
extension ConfigurationLoader {
    /// Reads `insecure_accept_unsigned` and refuses a connection whose webhooks would carry no proof of origin (a provider
    /// whose signing is optional, nothing configured to check) unless it says `insecure_accept_unsigned: true`; refuses
    /// the key where it changes nothing (the provider signs every webhook, or the connection configures a check).
    func readWebhookAuthentication(
        _ members: [String: Node], item: Node, path: String, walker: YAMLWalker, into connection: inout ConnectionConfig
    ) {
        let key = "insecure_accept_unsigned"
        connection.insecureAcceptUnsigned = walker.bool(members[key], "\(path).\(key)") ?? false
        guard let adapter = adapters.adapter(for: connection.provider) else { return }
        let provider = connection.provider.rawValue
        switch adapter.webhookAuthentication(connection: connection) {
        case .missing(let remedy) where !connection.insecureAcceptUnsigned:
            walker.problem(
                item, path,
                "this \(provider) connection would accept webhooks without any proof of origin: \(remedy); or, to accept unsigned "
                    + "webhooks knowingly (mail posted from inside a trust boundary), set \(key): true")
        case .required where connection.insecureAcceptUnsigned:
            walker.problem(
                members[key], "\(path).\(key)",
                "\(provider) signs every webhook and its connections always check it; remove \(key) and configure its secret")
        case .configured where connection.insecureAcceptUnsigned:
            walker.problem(
                members[key], "\(path).\(key)", "the connection configures a webhook check, which always applies; remove \(key)")
        default:
            break
        }
    }
}
