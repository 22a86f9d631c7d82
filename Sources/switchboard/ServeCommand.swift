import ArgumentParser
import Foundation
import Logging
import SwitchboardMockProvider
import SwitchboardServer
import SwitchboardStore
import SwitchboardTransport

/// `switchboard serve [--config FILE] [--record DIR]`: the gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: provider webhooks in, canonical events to subscribers.",
        discussion: """
            With no --config it runs on the embedded demo configuration (see `switchboard config default`): \
            127.0.0.1:8080, SQLite in ./switchboard-data/, demo connections with demo secrets, the API key demo-api-key, \
            the mock provider on 127.0.0.1:8090 receiving every demo send, and /metrics on 127.0.0.1:9464. \
            SIGTERM or SIGINT finish in-flight requests and flush the store. \
            SIGHUP reloads the --config file: the policy, the connections' outbound blocks and the API keys change \
            without a restart; a file with problems keeps the settings in force (docs/configuration.md).
            """
    )

    @Option(help: "The YAML configuration file (default: the embedded demo configuration).")
    var config: String?

    @Option(help: "Write every incoming webhook as a replayable fixture into this folder.")
    var record: String?

    @Option(help: "Override the listen address (host:port).")
    var listen: String?

    func run() async throws {
        var configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfigurationFile.loadOrDemo(path: config)
        } catch let error as ConfigurationError {
            for problem in error.problems { StandardStreams.printError("switchboard serve: \(config ?? "default"): \(problem)") }
            throw ExitCode(78)
        }
        try applyOverrides(to: &configuration)
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in GatewayLogHandler(label: label, level: level) }
        let logger = Logger(label: "switchboard")
        if config == nil {
            logger.notice(
                """
                no --config: running the embedded demo configuration (demo secrets, API key demo-api-key, \
                sends go to the in-process mock provider; not for real traffic)
                """)
        }
        // Every HTTP connection is a descriptor: take all the system allows (systemd's default soft limit is
        // 1024, its hard limit 524288); the connection cap is derived from the result (docs/operations.md).
        let initialFiles = FileDescriptorLimit.current()
        let files = FileDescriptorLimit.raiseSoftToHard()
        if files.soft != initialFiles.soft {
            logger.info(
                "open-file limit raised to the hard limit",
                metadata: ["switchboard.nofile.from": "\(initialFiles.soft)", "switchboard.nofile.to": "\(files.soft)"])
        }
        let store: any GatewayStore
        do {
            store = try await openStore(configuration.store, logger: logger)
        } catch {
            StandardStreams.printError("switchboard serve: cannot open the store \(configuration.store.location): \(error)")
            throw ExitCode(1)
        }
        let mockProvider = configuration.mockProvider.map { MockProvider(settings: $0, logger: logger) }
        let gateway = try buildApplication(
            configuration: configuration, transport: GatewayTransport.make(configuration.transport), logger: logger, store: store,
            providerServices: mockProvider.map { [$0] } ?? [], metricsListener: true)
        logger.info(
            "switchboard starting",
            metadata: [
                "switchboard.listen": "\(configuration.host):\(configuration.port)",
                "switchboard.metrics.listen": .string(configuration.metricsListen?.description ?? "none"),
                "switchboard.store": .string(configuration.store.location),
                "switchboard.connections": "\(configuration.connections.map(\.name).joined(separator: ","))",
                "switchboard.subscribers": "\(configuration.subscribers.map(\.name).joined(separator: ","))",
            ])
        let hangups = reloadOnHangup(gateway.reloader, logger: logger)
        defer { hangups.cancel() }
        try await gateway.application.runService()
    }

    /// `--record` and `--listen` over the file's values.
    func applyOverrides(to configuration: inout GatewayConfiguration) throws {
        if let record { configuration.recordDirectory = record }
        if let listen {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
                throw ValidationError("--listen expects host:port")
            }
            configuration.host = String(listen[..<colon])
            configuration.port = port
        }
    }

    /// SIGHUP reloads the configuration file (docs/configuration.md, "Reloading without a restart"): the same
    /// validation as `config check`; a bad file keeps the settings in force and is logged with its problems.
    private func reloadOnHangup(_ reloader: ConfigurationReloader, logger: Logger) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        let command = self
        source.setEventHandler {
            guard let path = command.config else {
                logger.notice("SIGHUP: no --config file to reload (the embedded demo configuration stays)")
                return
            }
            logger.info("SIGHUP: reloading the configuration", metadata: ["switchboard.config": .string(path)])
            Task {
                await reloader.reload {
                    var configuration = try GatewayConfigurationFile.load(path: path)
                    try command.applyOverrides(to: &configuration)
                    return configuration
                }
            }
        }
        source.resume()
        return source
    }
}
