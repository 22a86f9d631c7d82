import Foundation
import PostgresNIO
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardStore
import TestSupport
import Testing

/// The store implementations the contract suite runs against: SQLite always, PostgreSQL when
/// `SWITCHBOARD_TEST_POSTGRES_URL` names a server (scripts/test.sh starts one when it can).
enum StoreBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// `postgres://user@host:port/database` of a server the tests may create schemas in, or `nil`.
    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    /// SQLite, and PostgreSQL when configured.
    static let available: [StoreBackend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    var testDescription: String { rawValue }
}

/// A fresh, empty database of one backend: a file in a temporary folder, or a new schema on the test
/// server (so tests running in parallel never see each other's rows). ``remove()`` deletes it.
struct TestDatabase: Sendable {
    let backend: StoreBackend
    /// SQLite: the folder holding the file.
    let folder: URL?
    /// PostgreSQL: the configuration naming the test's own schema.
    let postgres: PostgresStoreConfiguration?

    init(_ backend: StoreBackend) throws {
        self.backend = backend
        let unique = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-contract-\(unique)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            self.folder = folder
            postgres = nil
        case .postgres:
            var configuration = try PostgresStoreConfiguration(url: try #require(StoreBackend.postgresURL))
            configuration.schema = "contract_\(unique)"
            configuration.maximumConnections = 4
            folder = nil
            postgres = configuration
        }
    }

    /// Opens a store on this database; several stores on one database are several nodes.
    func open(claimLeaseMilliseconds: Int64 = 120_000) async throws -> any GatewayStore {
        switch backend {
        case .sqlite:
            return try SQLiteEventStore(path: try #require(folder).appendingPathComponent("data/switchboard.db").path)
        case .postgres:
            var configuration = try #require(postgres)
            configuration.claimLeaseMilliseconds = claimLeaseMilliseconds
            return try await PostgresEventStore(configuration: configuration)
        }
    }

    /// Deletes the file or drops the schema.
    func remove() async {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        if let postgres, let schema = postgres.schema {
            _ = try? await TestDatabase.withAdminClient(postgres) { client in
                try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
            }
        }
    }

    /// Runs `body` with a running client on the test server (no schema of its own).
    static func withAdminClient<Result: Sendable>(
        _ configuration: PostgresStoreConfiguration, _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(
            configuration: .init(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: .disable))
        let run = Task { await client.run() }
        let result: Result
        do {
            result = try await body(client)
        } catch {
            run.cancel()
            await run.value
            throw error
        }
        run.cancel()
        await run.value
        return result
    }
}

/// Runs `body` with a fresh store of `backend`, then closes it and removes its database.
func withStore(_ backend: StoreBackend, _ body: (any GatewayStore) async throws -> Void) async throws {
    let database = try TestDatabase(backend)
    do {
        let store = try await database.open()
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    } catch {
        await database.remove()
        throw error
    }
    await database.remove()
}
