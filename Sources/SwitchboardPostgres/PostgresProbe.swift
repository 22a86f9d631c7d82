import Logging
import PostgresNIO
import SwitchboardStore

/// The store's first contact with the server: one connection opened with the configured connect timeout,
/// so that an unreachable server fails startup within seconds with its address, instead of the pool
/// retrying until its circuit breaker trips (about a minute). The store migrates on it, then closes it.
enum PostgresProbe {
    /// Opens one connection; fails with code `unreachable` naming `host:port` (never the user or password),
    /// with the reason postgres-nio gave (refused, timed out, authentication failed).
    static func connect(_ configuration: PostgresStoreConfiguration, logger: Logger) async throws(StoreError) -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: try configuration.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw StoreError(
                code: .unreachable,
                message: "cannot connect to PostgreSQL at \(configuration.address) (database \(configuration.database), "
                    + "connect timeout \(configuration.connectTimeoutMilliseconds) ms): \(describe(error))")
        }
    }

    /// The server's message when it answered (authentication, unknown database), the connection error otherwise.
    private static func describe(_ error: any Error) -> String {
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let info = psql.serverInfo { return "\(info[.sqlState] ?? "?????") \(info[.message] ?? "")" }
        if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
        return "\(psql.code)"
    }
}
