import ArgumentParser
import SwitchboardMockProvider

/// `switchboard mock-provider [--host H] [--port P] [--faults SPEC]`: the provider fake, on loopback.
struct MockProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-provider",
        abstract: "Serve fake Graph (WhatsApp, Messenger, Instagram), 360dialog, Telegram, Twilio, Vonage and MessageBird send APIs.",
        discussion: """
            Records every request (GET/DELETE /_mock/requests) and injects faults, set with --faults or at run time
            with POST /_mock/faults. SPEC example:
              seed=42,5xx=0.3,429=0.1,retry-after=7,timeout=0.05,hold=30s,delay=200ms,error=131026@+15550000013,error=telegram:403@0.2
            Stops gracefully on SIGINT/SIGTERM. See docs/mock-provider.md.
            """
    )

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one, printed at start).")
    var port = 9090

    @Option(help: "Fault plan in the key=value,... form (see above).")
    var faults: String?

    @Option(help: "Most requests kept for /_mock/requests.")
    var maxRecorded = 10_000

    @Flag(help: "Log one line per request (method, path with tokens redacted, status, fault).")
    var verbose = false

    func run() async throws {
        var plan = MockFaultPlan.none
        if let faults {
            do {
                plan = try MockFaultPlan(spec: faults)
            } catch {
                StandardStreams.printError("switchboard mock-provider: \(error.message)")
                throw ExitCode(64)
            }
        }
        let host = host
        let mock = MockProvider(
            configuration: .init(
                host: host, port: port, faults: plan, maxRecordedRequests: maxRecorded,
                onListening: { port in StandardStreams.print("mock provider listening on http://\(host):\(port)\n") },
                logger: MockProvider.Configuration.logger(verbose: verbose)))
        try await mock.runUntilSignalled()
    }
}
