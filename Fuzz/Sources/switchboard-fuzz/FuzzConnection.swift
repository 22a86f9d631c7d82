import AdapterKit
import SwitchboardCore
import SwitchboardFixtures

/// The connection every adapter target verifies against: every secret any adapter reads, with placeholder values, so
/// that each signature check runs in full (``ExampleConnection`` plus the optional webhook checks of 360dialog and
/// email). An input changes it with `Fuzz-Option` and `Fuzz-Drop-Secret` headers (``FuzzRequest``).
enum FuzzConnection {
    /// The header 360dialog's static-header check reads.
    static let dialog360Header = "X-Fuzz-Webhook-Header"

    static func make(provider: Provider, for input: FuzzRequest) -> ConnectionConfig {
        var connection = base(provider: provider)
        for option in input.options {
            if option.name == "insecure_accept_unsigned" {
                connection.insecureAcceptUnsigned = option.value == "true"
            } else {
                connection.options[option.name] = option.value.isEmpty ? nil : option.value
            }
        }
        for name in input.droppedSecrets { connection.secrets[name] = nil }
        return connection
    }

    static func base(provider: Provider) -> ConnectionConfig {
        var connection = ExampleConnection.make(provider: provider)
        connection.name = "fuzz"
        for name in ["webhook_secret", "webhook_token", "webhook_header_value"] {
            connection.secrets[name] = Secret("example-\(name.replacingOccurrences(of: "_", with: "-"))")
        }
        if provider == .dialog360 { connection.options["webhook_header"] = dialog360Header }
        return connection
    }
}
