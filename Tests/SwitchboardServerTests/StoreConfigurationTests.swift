import AdapterKit
import Foundation
import Logging
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// The `store:` section: SQLite or PostgreSQL, and every way a PostgreSQL block can be wrong.
@Suite("Store configuration and opening")
struct StoreConfigurationTests {
    func loader(environment: [String: String] = [:], files: [String: String] = [:]) -> ConfigurationLoader {
        ConfigurationLoader.reading(environment: environment, files: files, knownProviders: [.meta])
    }

    func problems(_ yaml: String, environment: [String: String] = [:]) -> [String] {
        loader(environment: environment).problems(in: yaml)
    }

    @Test("store.postgres: the URL from the environment, pool, lease, timeout and TLS; the password is a secret")
    func postgres() throws {
        let yaml = """
            store:
              postgres:
                url: ${DATABASE_URL}
                schema: gateway
                max_connections: 12
                claim_lease_ms: 60000
                connect_timeout_ms: 2000
                tls: require
            """
        let configuration = try loader(environment: ["DATABASE_URL": "postgres://sb:s3cret@db.internal:6543/switchboard"])
            .load(yaml: yaml)
        let postgres = try #require(configuration.store.postgres)
        #expect(postgres.host == "db.internal" && postgres.port == 6543 && postgres.database == "switchboard")
        #expect(postgres.username == "sb" && postgres.password == "s3cret")
        #expect(postgres.schema == "gateway" && postgres.maximumConnections == 12)
        #expect(postgres.claimLeaseMilliseconds == 60_000 && postgres.connectTimeoutMilliseconds == 2000)
        #expect(postgres.tls == .require)
        #expect(configuration.secretValues.contains("s3cret"))
        #expect(configuration.store.location == "postgres://db.internal:6543/switchboard?schema=gateway")
        // The URL from a file (a mounted secret), TLS off by default.
        let fromFile = try loader(files: ["/run/secrets/db": "postgres://sb@127.0.0.1/switchboard\n"])
            .load(yaml: "store:\n  postgres:\n    url: file:/run/secrets/db\n")
        #expect(fromFile.store.postgres?.tls == .disable && fromFile.store.postgres?.port == 5432)
    }

    @Test("store.postgres.tls_ca_file: a readable PEM file with tls: require; a missing file or no TLS is a problem")
    func postgresCAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-ca-\(UUID().uuidString).pem").path
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let configuration = try loader().load(
            yaml: "store:\n  postgres:\n    url: postgres://sb@db/switchboard\n    tls: require\n    tls_ca_file: \(file)\n")
        #expect(configuration.store.postgres?.trustRootsFile == file)
        #expect(
            problems("store:\n  postgres:\n    url: postgres://sb@db/switchboard\n    tls: require\n    tls_ca_file: /nonexistent/ca.pem\n")
                .contains { $0.hasPrefix("line 5: store.postgres.tls_ca_file: cannot read /nonexistent/ca.pem") })
        #expect(
            problems("store:\n  postgres:\n    url: postgres://sb@db/switchboard\n    tls_ca_file: \(file)\n").contains {
                $0.contains("store.postgres: a CA file (tls_ca_file, sslrootcert) needs tls: require")
            })
    }

    @Test("store.postgres problems name the key and never echo the URL or its password")
    func postgresProblems() {
        let secretURL = "mysql://sb:s3cret@db/switchboard"
        let lines = problems("store:\n  postgres:\n    url: \(secretURL)\n    tls: verify-full\n    max_connections: 0\n")
        #expect(lines.contains { $0.hasPrefix("line 3: store.postgres.url: not a postgres:// URL") })
        #expect(lines.contains { $0.hasPrefix("line 4: store.postgres.tls: expected disable or require") })
        #expect(lines.contains { $0.contains("store.postgres.max_connections") })
        #expect(!lines.joined().contains("s3cret"))
        #expect(problems("store:\n  postgres:\n    url: ${NOPE}\n").contains { $0.contains("environment variable NOPE is not set") })
        #expect(
            problems("store:\n  postgres:\n    max_connections: 4\n").contains { $0.contains("store.postgres.url: missing (required)") })
        #expect(
            problems("store:\n  sqlite: ./x.db\n  postgres:\n    url: postgres://a@b/c\n").contains {
                $0.contains("store.sqlite: set either sqlite or postgres, not both")
            })
        #expect(
            problems("store:\n  postgres:\n    url: postgres://a@b/c?schema=Bad-Name\n").contains {
                $0.contains("store.postgres.url: schema 'Bad-Name' must be lower-case letters, digits and _")
            })
    }

    @Test("no store.postgres: SQLite, as before")
    func sqlite() throws {
        let configuration = try loader().load(yaml: "store:\n  sqlite: ./data/s.db\n  synchronous: normal\n")
        #expect(configuration.store.postgres == nil)
        #expect(configuration.store.location == "./data/s.db")
        #expect(configuration.store.synchronous == .normal)
    }

    @Test("an unreachable server fails startup within the connect timeout, naming host:port and never the password")
    func unreachable() async throws {
        let (port, socket) = try LoopbackListener.refusingPort()
        defer { close(socket) }
        var settings = StoreSettings()
        settings.postgres = try PostgresStoreConfiguration(url: "postgres://sb:hunter2@127.0.0.1:\(port)/switchboard")
        settings.postgres?.connectTimeoutMilliseconds = 1000
        let start = ContinuousClock.now
        do {
            _ = try await openStore(settings, logger: Logger(label: "test.unreachable"))
            Issue.record("expected the store to refuse")
        } catch {
            #expect(error.code == "unreachable")
            #expect(error.message.contains("127.0.0.1:\(port)"))
            #expect(!error.message.contains("hunter2"))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
