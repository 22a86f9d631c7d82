import Hummingbird
import Logging
import ServiceLifecycle
import SwitchboardCore

/// `GET /metrics` on its own address (`metrics_listen`, default `127.0.0.1:9464`), apart from the internet-facing
/// port: a Service of the gateway's ServiceGroup that stops accepting and finishes its scrapes on graceful shutdown.
/// Nothing else is served there (404).
///
/// An address it cannot listen on (in use, not on this machine) is logged as an error and leaves the gateway
/// running without it: the webhooks and the sends matter more than their metrics, and a scraper that cannot reach
/// the address reports the target down.
public struct MetricsListener: Service {
    /// Where it listens (port 0: a free port the system chooses, read back with ``port``).
    public let address: ListenAddress
    private let application: Application<RouterResponder<BasicRequestContext>>
    private let bound: Locked<Int?>
    private let failed: Locked<String?>
    private let logger: Logger

    init(address: ListenAddress, endpoint: MetricsEndpoint, logger: Logger) {
        self.address = address
        self.logger = logger
        failed = Locked(nil)
        let router = Router(context: BasicRequestContext.self)
        router.get("metrics") { _, _ in await endpoint.scrape() }
        let bound = Locked<Int?>(nil)
        self.bound = bound
        // Its server's own "listening on" line would read like the main port's: this one logs "metrics listening".
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .warning)
        application = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: "switchboard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port
                bound.withLock { $0 = port }
                logger.info(
                    "metrics listening",
                    metadata: ["switchboard.metrics.listen": .string(ListenAddress(host: address.host, port: port ?? 0).description)])
            },
            logger: serverLogger)
    }

    /// The port it listens on, once it does (`nil` before).
    public var port: Int? { bound.withLock { $0 } }

    /// Why it is not listening, when it could not (`nil` otherwise).
    public var failure: String? { failed.withLock { $0 } }

    public func run() async throws {
        do {
            try await application.run()
        } catch {
            guard !Task.isCancelled else { throw error }
            failed.withLock { $0 = "\(error)" }
            logger.error(
                "metrics listener: cannot listen; /metrics is not served there (the gateway goes on)",
                metadata: ["switchboard.metrics.listen": .string(address.description), "error.message": "\(error)"])
            // Returning early would end the whole ServiceGroup: wait for the gateway's shutdown instead.
            try? await gracefulShutdown()
        }
    }
}
