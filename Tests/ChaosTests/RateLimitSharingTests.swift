import ChaosSupport
import Foundation
import TestSupport
import Testing

/// Provider rate limits shared by three `switchboard serve` processes through PostgreSQL (``RateLimitRun``),
/// measured at the mock provider as a provider measures them: never above the limit in any one-second window, and
/// close to it still once a node is killed (its share was never its own). docs/postgres.md "Rate limits".
@Suite("Rate limits shared by the nodes: three processes on one PostgreSQL, one killed")
struct RateLimitSharingTests {
    @Test("20/s over three processes: no 1 s window above 20 at the mock; after kill -9 of one, the others still send ≥ 80% of it")
    func threeNodesOneKilled() async throws {
        let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] ?? ""
        guard !url.isEmpty else {
            print("!!!!!! RateLimitSharingTests.threeNodesOneKilled SKIPPED: SWITCHBOARD_TEST_POSTGRES_URL is not set")
            return
        }
        try #require(SwitchboardProcess.isBuilt, "build the binary first: swift build")
        let plan = RateLimitPlan(postgresURL: url)
        let report = try await RateLimitRun.run(plan) { print("rate limits: \($0)") }
        print("rate limits:\n\(report)")
        #expect(report.maxPerSecond <= plan.limit, "\(report)")
        #expect(report.maxPerRecipientSecond <= 1, "\(report)")
        // Near the limit with every node, and with one killed: 80% of it on average, second by second.
        #expect(RateLimitReport.mean(report.allNodes) >= 0.8 * Double(plan.limit), "\(report)")
        #expect(report.afterKill.count == 4)
        #expect(RateLimitReport.mean(report.afterKill) >= 0.8 * Double(plan.limit), "\(report)")
    }
}
