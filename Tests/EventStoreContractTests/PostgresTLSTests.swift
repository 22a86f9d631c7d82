import Foundation
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardStore
import TestSupport
import Testing

/// The throwaway CA's certificate file scripts/postgres.sh exports, or `nil`.
private let testCAFile: String? = {
    let file = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_CA_FILE"] ?? ""
    return file.isEmpty ? nil : file
}()

/// TLS to PostgreSQL against a real handshake: scripts/postgres.sh starts the throwaway cluster with a
/// certificate for 127.0.0.1 signed by a throwaway CA and exports that CA's file.
@Suite(
    "PostgreSQL over TLS with a CA file",
    .enabled(
        if: StoreBackend.postgresURL != nil && testCAFile != nil,
        "SWITCHBOARD_TEST_POSTGRES_URL or SWITCHBOARD_TEST_POSTGRES_CA_FILE is not set"))
struct PostgresTLSTests {
    /// The test server over TLS, in a schema of its own.
    static func configuration() throws -> PostgresStoreConfiguration {
        var configuration = try PostgresStoreConfiguration(url: try #require(StoreBackend.postgresURL))
        configuration.schema = "tls_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        configuration.maximumConnections = 2
        configuration.tls = .require
        return configuration
    }

    @Test("tls: require with tls_ca_file: the certificate is verified against that CA and the store works over TLS")
    func trustedByTheCAFile() async throws {
        var configuration = try Self.configuration()
        configuration.trustRootsFile = testCAFile
        let store = try await PostgresEventStore(configuration: configuration)
        let event = SampleEvents.inboundMessage("over-tls")
        let result = try await store.append([EventRecord(event: event, connection: "wa")], receivedAt: Timestamp(seconds: 100))
        #expect(result.inserted == [event.id])
        #expect(try await store.event(id: event.id)?.connection == "wa")
        await store.close()
        var plain = configuration
        plain.tls = .disable
        plain.trustRootsFile = nil
        let schema = configuration.schema ?? ""
        _ = try? await TestDatabase.withAdminClient(plain) { client in
            try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
        }
    }

    @Test("tls: require with the system's trust roots refuses the server's certificate: startup fails, naming the address")
    func untrustedWithoutTheCAFile() async throws {
        let configuration = try Self.configuration()
        do {
            let store = try await PostgresEventStore(configuration: configuration)
            await store.close()
            Issue.record("a certificate from the throwaway CA must not be trusted by the system roots")
        } catch {
            #expect(error.code == "unreachable")
            #expect(error.message.contains(configuration.address))
        }
    }

    @Test("a CA file that is not there fails startup with the reason")
    func missingCAFile() async throws {
        var configuration = try Self.configuration()
        configuration.trustRootsFile = "/nonexistent/ca.pem"
        await #expect(throws: StoreError.self) { _ = try await PostgresEventStore(configuration: configuration) }
    }
}
