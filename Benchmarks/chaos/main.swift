import ChaosSupport
import Foundation

// The chaos run's totals (docs/operations.md "Several processes"): `swift build --product chaos-load`, then
// `SWITCHBOARD_TEST_POSTGRES_URL=postgres://… .build/debug/chaos-load [postgres|sqlite] [scale]`.
let arguments = CommandLine.arguments.dropFirst()
let kind = arguments.first ?? "postgres"
let scale = arguments.dropFirst().first.flatMap(Int.init) ?? 1
let plan: ChaosPlan
switch kind {
case "sqlite":
    plan = .sqlite(scale: scale)
case "postgres":
    guard let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"], !url.isEmpty else {
        print("set SWITCHBOARD_TEST_POSTGRES_URL (scripts/postgres.sh prints one)")
        exit(2)
    }
    plan = .postgres(url: url, scale: scale)
default:
    print("usage: chaos-load [postgres|sqlite] [scale]")
    exit(2)
}
var scaled = plan
scaled.deadline = .seconds(60 * max(1, scale) + 60)
let report = try await ChaosRun.run(scaled) { print($0) }
print(report)
exit(report.problems.isEmpty ? 0 : 1)
