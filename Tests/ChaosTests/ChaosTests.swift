import ChaosSupport
import Foundation
import TestSupport
import Testing

/// Real `switchboard serve` processes under load, provider faults and crashes (``ChaosRun``): nothing acknowledged
/// is lost, nothing is stored or sent twice except the documented ambiguous case (a send in flight when its process
/// died, which its history records), the wallet stays exact. docs/operations.md "Several processes".
@Suite("Chaos: kill -9 and SIGTERM under load, nothing lost or doubled", .serialized)
struct ChaosTests {
    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    @Test("three processes on one PostgreSQL: one killed with SIGKILL and restarted, one stopped with SIGTERM")
    func threeProcessesOnPostgres() async throws {
        guard let url = Self.postgresURL else {
            print("!!!!!! ChaosTests.threeProcessesOnPostgres SKIPPED: SWITCHBOARD_TEST_POSTGRES_URL is not set")
            return
        }
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let report = try await ChaosRun.run(.postgres(url: url)) { print("chaos (postgres): \($0)") }
        print("chaos (postgres):\n\(report)")
        Self.check(report)
        // The run crossed processes: every node took webhooks or sends (the retries went to the others).
        #expect(report.nodes == 3)
    }

    @Test("one process on SQLite: killed with SIGKILL mid-load and restarted")
    func oneProcessOnSQLite() async throws {
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let report = try await ChaosRun.run(.sqlite()) { print("chaos (sqlite): \($0)") }
        print("chaos (sqlite):\n\(report)")
        Self.check(report)
    }

    static func check(_ report: ChaosReport) {
        #expect(report.problems.isEmpty, "\(report)")
        #expect(report.webhooksAcknowledged == report.webhooksPosted)
        #expect(report.eventsStored == report.webhooksAcknowledged + report.statusWebhooks)
        #expect(report.subscriberDistinctEvents == report.webhooksPosted)
        #expect(report.sendsDelivered == report.sendsAccepted)
        #expect(report.sendsAccepted > 0 && report.sendsRefused == 0)
        #expect(report.duplicates.allSatisfy { $0.ambiguous }, "\(report.duplicates)")
        // The faults happened: the run is not a fair-weather one.
        #expect(report.providerFaults > 0)
    }
}
