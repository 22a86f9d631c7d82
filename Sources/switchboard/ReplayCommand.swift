import ArgumentParser
import Foundation
import SwitchboardAdapters
import SwitchboardFixtures

/// `switchboard replay [PATHS] [--update]`: diffs fixtures against their goldens.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run fixtures through the adapters and diff against their golden files.",
        discussion: "Exits 1 when any case differs, printing a diff. --update rewrites the goldens."
    )

    @Argument(help: "Fixture files or folders (default: fixtures).")
    var paths: [String] = []

    @Flag(help: "Rewrite golden files with the current output.")
    var update = false

    @Flag(help: "Print every case, not only failures.")
    var verbose = false

    func run() throws {
        let urls = (paths.isEmpty ? ["fixtures"] : paths).map { URL(fileURLWithPath: $0) }
        let cases: [FixtureCase]
        do {
            cases = try FixtureDiscovery.cases(in: urls)
        } catch {
            StandardStreams.printError("switchboard replay: \(error)")
            throw ExitCode(66)
        }
        let report = FixtureReplay(registry: StandardAdapters.registry).run(cases, update: update)
        for result in report.results {
            if let failure = result.failure {
                StandardStreams.print("FAIL \(result.fixture.displayName)\n\(failure)\n\n")
            } else if result.updated {
                StandardStreams.print("updated \(result.fixture.displayName)\n")
            } else if verbose {
                StandardStreams.print("ok   \(result.fixture.displayName)\n")
            }
        }
        StandardStreams.print(report.summary + "\n")
        if report.failed > 0 { throw ExitCode(1) }
    }
}
