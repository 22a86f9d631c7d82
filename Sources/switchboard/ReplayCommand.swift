import ArgumentParser
import Foundation
import SwitchboardAdapters
import SwitchboardFixtures
import SwitchboardServer

/// `switchboard replay [PATHS] [--update] [--to URL]`: diffs fixtures against their goldens, or
/// posts them, signed, to a running gateway.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run fixtures through the adapters and diff against their golden files.",
        discussion: """
            Exits 1 when any case differs, printing a diff. --update rewrites the goldens. --to URL posts the \
            inbound fixtures to a running gateway instead, signed with the secrets of --config (default: the \
            embedded demo configuration), and exits 1 when any answer is not the expected one.
            """
    )

    @Argument(help: "Fixture files or folders (default: fixtures).")
    var paths: [String] = []

    @Flag(help: "Rewrite golden files with the current output.")
    var update = false

    @Flag(help: "Print every case, not only failures.")
    var verbose = false

    @Option(help: "Post the fixtures to a running gateway at this base URL (e.g. http://127.0.0.1:8080).")
    var to: String?

    @Option(help: "Configuration whose connection secrets sign the posted fixtures (default: the embedded demo).")
    var config: String?

    func run() async throws {
        let urls = (paths.isEmpty ? ["fixtures"] : paths).map { URL(fileURLWithPath: $0) }
        let cases: [FixtureCase]
        do {
            cases = try FixtureDiscovery.cases(in: urls)
        } catch {
            StandardStreams.printError("switchboard replay: \(error)")
            throw ExitCode(66)
        }
        if let to {
            try await postLive(cases, to: to)
            return
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

    private func postLive(_ cases: [FixtureCase], to: String) async throws {
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfigurationFile.loadOrDemo(path: config)
        } catch let error as ConfigurationError {
            for problem in error.problems { StandardStreams.printError("switchboard replay: \(config ?? "default"): \(problem)") }
            throw ExitCode(78)
        }
        let base = to.hasSuffix("/") ? String(to.dropLast()) : to
        let lines = await LiveReplay(baseURL: base, configuration: configuration, transport: GatewayTransport.make(configuration.transport))
            .run(cases)
        for line in lines where verbose || !line.passed || line.skipped { StandardStreams.print(line.text + "\n") }
        let failed = lines.filter { !$0.passed }.count
        let skipped = lines.filter(\.skipped).count
        StandardStreams.print("\(lines.count - failed - skipped) posted as expected, \(failed) not, \(skipped) skipped\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
