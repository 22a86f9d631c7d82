import PostgresNIO
import SwitchboardPostgres

/// Drops `schema` (and everything in it) from the database at `url`: the cleanup of a run that gave its gateway
/// processes a fresh schema. Best effort: a run's cleanup never fails the run.
func dropPostgresSchema(url: String, schema: String) async {
    guard let configuration = try? PostgresStoreConfiguration(url: url) else { return }
    let client = PostgresClient(
        configuration: .init(
            host: configuration.host, port: configuration.port, username: configuration.username, password: configuration.password,
            database: configuration.database, tls: .disable))
    let run = Task { await client.run() }
    _ = try? await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
    run.cancel()
    await run.value
}
