import SwitchboardPostgres
import SwitchboardStore
import Testing

@Suite("PostgreSQL store configuration")
struct PostgresConfigurationTests {
    @Test("a postgres:// URL gives host, port, user, password (percent-decoded), database and schema")
    func parses() throws {
        let configuration = try PostgresStoreConfiguration(url: "postgresql://gw:p%40ss@db.internal:6432/switchboard?schema=node_a")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6432)
        #expect(configuration.username == "gw")
        #expect(configuration.password == "p@ss")
        #expect(configuration.database == "switchboard")
        #expect(configuration.schema == "node_a")
        let defaults = try PostgresStoreConfiguration(url: "postgres://switchboard@127.0.0.1/switchboard_test")
        #expect(defaults.port == 5432)
        #expect(defaults.password == nil)
        #expect(defaults.schema == nil)
        #expect(defaults.tls == .disable)
        #expect(defaults.address == "127.0.0.1:5432")
        #expect(try PostgresStoreConfiguration(url: "postgres://u@h/db?sslmode=require").tls == .require)
        let withCA = try PostgresStoreConfiguration(url: "postgres://u@h/db?sslmode=require&sslrootcert=/etc/ssl/db-ca.pem")
        #expect(withCA.trustRootsFile == "/etc/ssl/db-ca.pem")
    }

    @Test(
        "URLs that cannot work are refused instead of half-used",
        arguments: [
            "mysql://u@h/db", "postgres://h/db", "postgres://u@h", "postgres://u@h/db?sslmode=verify-full",
            "postgres://u@h/db?connect_timeout=3", "postgres://u@h/db?sslrootcert=/etc/ssl/db-ca.pem",
            "postgres://u@h/db?schema=Robert%27);DROP", "postgres://u@h/db?schema=1abc",
        ])
    func refuses(url: String) {
        #expect(throws: StoreError.self) { try PostgresStoreConfiguration(url: url) }
    }

    @Test(
        "tls: require against a server whose certificate the system roots cannot verify (no TLS, or a private CA) fails at startup, naming the address",
        .enabled(if: StoreBackend.postgresURL != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
    func tlsRequired() async throws {
        var configuration = try PostgresStoreConfiguration(url: try #require(StoreBackend.postgresURL))
        configuration.tls = .require
        do {
            let store = try await PostgresEventStore(configuration: configuration)
            await store.close()
            Issue.record("the throwaway cluster has no TLS: the store must refuse to start")
        } catch {
            #expect(error.code == "unreachable")
            #expect(error.message.contains(configuration.address))
        }
    }
}
