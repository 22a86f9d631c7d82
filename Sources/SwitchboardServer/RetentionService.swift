import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardStore

/// Prunes the store on a schedule (`retention:`): old events with their finished deliveries, acknowledged
/// deliveries, old quarantined requests, finished outbound messages (``RetentionCutoffs``). Each prune runs
/// in short writes, so webhooks keep being committed; a failed prune is logged and tried again at the next
/// interval.
public struct RetentionService: Service {
    let store: any StoreMaintenance
    let settings: RetentionSettings
    let metrics: GatewayMetrics
    let logger: Logger
    let now: @Sendable () -> Timestamp

    public init(
        store: any StoreMaintenance, settings: RetentionSettings, metrics: GatewayMetrics, logger: Logger,
        now: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
    ) {
        self.store = store
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        guard !settings.cutoffs(now: now()).isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            var delay = Duration.seconds(60)
            while (try? await Task.sleep(for: delay)) != nil {
                _ = try? await self.pruneOnce()
                delay = .seconds(60 * self.settings.intervalMinutes)
            }
        }
    }

    /// One prune at the current time; logs and counts what went.
    @discardableResult
    public func pruneOnce() async throws(StoreError) -> PruneCounts {
        do {
            let counts = try await store.prune(settings.cutoffs(now: now()), batchSize: settings.batchSize)
            metrics.pruned(counts)
            if counts != PruneCounts() {
                logger.info(
                    "retention: pruned old rows",
                    metadata: [
                        "switchboard.pruned.events": "\(counts.events)", "switchboard.pruned.deliveries": "\(counts.deliveries)",
                        "switchboard.pruned.quarantine": "\(counts.quarantined)", "switchboard.pruned.outbound": "\(counts.outbound)",
                    ])
            }
            return counts
        } catch {
            logger.error("retention: prune failed; trying again at the next interval", metadata: ["error.message": "\(error)"])
            throw error
        }
    }
}
