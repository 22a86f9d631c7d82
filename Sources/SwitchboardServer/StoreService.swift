import Logging
import ServiceLifecycle
import SwitchboardStore

/// Keeps the store open while the gateway runs; on graceful shutdown (after the HTTP server has
/// answered its in-flight requests and the router has stopped) commits pending writes and closes it.
public struct StoreService: Service {
    let store: any StoreMaintenance
    let logger: Logger

    public init(store: any StoreMaintenance, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await store.close()
        logger.info("store flushed and closed")
    }
}
