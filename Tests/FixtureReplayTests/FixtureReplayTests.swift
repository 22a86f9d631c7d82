import Foundation
import SwitchboardAdapters
import SwitchboardFixtures
import TestSupport
import Testing

/// Every fixture under fixtures/ must match its golden: a changed golden fails CI.
@Suite struct FixtureReplayTests {
    @Test func everyFixtureMatchesItsGolden() throws {
        let cases = try FixtureDiscovery.cases(in: [FixturePaths.fixtures])
        let report = FixtureReplay(registry: StandardAdapters.registry).run(cases)
        for result in report.results {
            if let failure = result.failure {
                Issue.record("\(result.fixture.displayName)\n\(failure)")
            }
        }
        #expect(report.failed == 0, "\(report.summary)")
    }

    @Test func aChangedGoldenIsReportedWithADiff() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)/meta")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let body = #"{"object":"whatsapp_business_account","entry":[]}"#
        try body.write(to: directory.appendingPathComponent("empty.json"), atomically: true, encoding: .utf8)
        try #"{"kind":"message"}"#.appending("\n").write(
            to: directory.appendingPathComponent("empty.expected.jsonl"), atomically: true, encoding: .utf8)
        let replay = FixtureReplay(registry: StandardAdapters.registry)
        let cases = try FixtureDiscovery.cases(in: [directory])
        #expect(cases.count == 1)
        let failing = replay.run(cases)
        #expect(failing.failed == 1)
        #expect(failing.results.first?.failure?.contains("- {") == true)
        _ = replay.run(cases, update: true)
        #expect(replay.run(cases).failed == 0)
    }
}
