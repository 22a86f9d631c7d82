import Foundation
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardCurl
import SwitchboardLedger
import SwitchboardServer
import SwitchboardStore
import TestSupport
import Testing

/// Two gateway processes' worth of gateways (two `buildApplication` instances, two connection pools) on one
/// PostgreSQL database, racing for one wallet over real HTTP (gated on `SWITCHBOARD_TEST_POSTGRES_URL`).
@Suite(
    "Ledger accept path on PostgreSQL: two gateways share one wallet",
    .enabled(if: PostgresTestServer.url != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set"))
struct LedgerAcceptPostgresTests {
    typealias Fx = LedgerAcceptFixture

    @Test("50 concurrent sends through two gateways on one database with money for 10: exactly 10 accepted")
    func fiftyRaceForTenOnTwoGateways() async throws {
        let schema = "ledger_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let loaded = try ConfigurationLoader(
            secrets: SecretSource(environment: ["TEST_DB": try #require(PostgresTestServer.url)]),
            knownProviders: Set(StandardAdapters.registry.providers)
        ).load(yaml: "store:\n  postgres:\n    url: ${TEST_DB}\n    schema: \(schema)\n")
        let directory = try Fx.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = Fx.configuration(directory: directory, store: loaded.store)
        let settings = Fx.settings(balance: Fx.marketingPrice.multiplied(by: 10))
        let first = try buildApplication(
            configuration: configuration, transport: FakeGraphProvider(), logger: Fx.logger, sending: settings,
            store: try await openStore(configuration.store, logger: Fx.logger))
        let second = try buildApplication(
            configuration: configuration, transport: FakeGraphProvider(), logger: Fx.logger, sending: settings,
            store: try await openStore(configuration.store, logger: Fx.logger))
        let store = first.store
        let secondApplication = second.application
        let transport = CurlTransport()
        try await first.application.test(.live) { one in
            let firstPort = try #require(one.port)
            try await secondApplication.test(.live) { two in
                let secondPort = try #require(two.port)
                let answers = try await LedgerAcceptHTTPTests.race(50, ports: [firstPort, secondPort], transport: transport)
                #expect(answers.filter { $0.status == 202 }.count == 10)
                #expect(answers.filter { $0.status == 422 }.count == 40)
                #expect(answers.filter { $0.status == 422 }.allSatisfy { $0.json["code"]?.string == "balance_exhausted" })
                let wallet = try #require(try await store.wallet("wa"))
                #expect(wallet.balance == Fx.marketingPrice.multiplied(by: 10))
                #expect(wallet.held == wallet.balance)
                let entries = try await store.ledgerEntries(wallet: "wa", limit: 100, before: nil)
                #expect(entries.filter { $0.kind == .hold }.count == 10)
                #expect(entries.filter { $0.kind == .open }.count == 1)
            }
        }
        await PostgresGatewayTests.dropSchema(configuration)
    }
}
