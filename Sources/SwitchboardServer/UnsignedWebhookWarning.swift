import AdapterKit
import Logging
import SwitchboardCore

/// The warning `serve` logs at start for each connection that accepts webhooks without any proof of origin
/// (`insecure_accept_unsigned: true` on a connection that configures no check).
enum UnsignedWebhookWarning {
    /// The connections of `connections` that accept unsigned webhooks.
    static func connections(_ connections: [ConnectionConfig], registry: AdapterRegistry) -> [ConnectionConfig] {
        connections.filter { connection in
            guard connection.insecureAcceptUnsigned, let adapter = registry.adapter(for: connection.provider) else { return false }
            if case .missing = adapter.webhookAuthentication(connection: connection) { return true }
            return false
        }
    }

    /// Logs one warning per such connection, naming it and its provider (never a secret).
    static func log(_ connections: [ConnectionConfig], registry: AdapterRegistry, logger: Logger) {
        for connection in Self.connections(connections, registry: registry) {
            logger.warning(
                "connection accepts unsigned webhooks (insecure_accept_unsigned): anyone who can reach its webhook URL can post events",
                metadata: [
                    "switchboard.connection": .string(connection.name), "switchboard.provider": .string(connection.provider.rawValue),
                ])
        }
    }
}
