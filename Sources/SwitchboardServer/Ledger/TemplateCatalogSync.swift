import AdapterKit
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardLedger
import SwitchboardStore
import SwitchboardTransport

/// Reads every WhatsApp connection's template catalog from its provider (docs/providers.md §2.10: Meta
/// `GET /{waba-id}/message_templates`, 360dialog `GET /v1/configs/templates`), at start and every
/// `templates.sync_interval_ms`, following the pages, and replaces the stored catalog with the full listing; a
/// failed read keeps the stored catalog and records why (shown with the catalog's freshness). The template webhooks
/// keep the catalog current between reads. ``sync(connection:actor:)`` is the operator's `templates/sync` route.
///
/// A connection whose read fails is read again sooner than the interval (2 s, doubling, up to the interval), on its
/// own schedule, so a provider that was not reachable at start (the mock provider `serve` starts beside the
/// gateway) is read as soon as it is, and one failing provider does not hold up the others.
public struct TemplateCatalogSync: Service {
    let store: any AccountLedger
    let transport: any HTTPTransport
    let registry: AdapterRegistry
    let connections: [ConnectionConfig]
    let settings: TemplateSyncSettings
    let logger: Logger
    let now: @Sendable () -> Timestamp

    /// The first delay before reading again after a failure.
    static let firstRetry = Duration.seconds(2)

    public init(
        store: any AccountLedger, transport: any HTTPTransport, registry: AdapterRegistry, connections: [ConnectionConfig],
        settings: TemplateSyncSettings, logger: Logger, now: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
    ) {
        self.store = store
        self.transport = transport
        self.registry = registry
        self.connections = connections
        self.settings = settings
        self.logger = logger
        self.now = now
    }

    /// The connections whose catalog is read on the schedule: WhatsApp connections of a provider that lists
    /// templates, configured for it (a Meta connection names its `options.business_account_id`).
    public var scheduled: [ConnectionConfig] {
        connections.filter { connection in
            guard let source = source(for: connection), source.channels(of: connection).contains(.whatsapp) else { return false }
            return (try? source.templateCatalogRequest(connection: connection, cursor: nil, pageSize: 1)) != nil
        }
    }

    public func run() async throws {
        let targets = scheduled
        guard settings.syncIntervalMilliseconds > 0, !targets.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        let interval = Duration.milliseconds(settings.syncIntervalMilliseconds)
        await cancelWhenGracefulShutdown {
            // Each connection keeps its own schedule: one failing provider is retried on its own, without delaying
            // (or repeating) the reads of the others.
            let clock = ContinuousClock()
            var due = Dictionary(targets.map { ($0.name, clock.now) }, uniquingKeysWith: { first, _ in first })
            var failures: [String: Int] = [:]
            while !Task.isCancelled {
                for connection in targets where !Task.isCancelled && due[connection.name, default: clock.now] <= clock.now {
                    if case .failed = await self.sync(connection, actor: Self.scheduleActor) {
                        failures[connection.name, default: 0] += 1
                    } else {
                        failures[connection.name] = 0
                    }
                    let wait = Self.retryDelay(afterFailures: failures[connection.name, default: 0], interval: interval)
                    due[connection.name] = clock.now.advanced(by: wait)
                }
                guard let next = due.values.min(), (try? await Task.sleep(until: next, clock: clock)) != nil else { break }
            }
        }
    }

    /// The wait before a connection's next read: the interval, or after `failures` failed reads in a row 2 s, 4 s, 8 s,
    /// ... up to it.
    public static func retryDelay(afterFailures failures: Int, interval: Duration) -> Duration {
        guard failures > 0 else { return interval }
        return min(firstRetry * (1 << min(failures - 1, 20)), interval)
    }

    /// Who reads on the schedule, for the audit list.
    static let scheduleActor = "gateway:templates.sync"

    /// Reads the catalog of the connection named `name` now and replaces the stored one (the operator's route).
    public func sync(connection name: String, actor: String) async -> TemplateSyncResult {
        guard let connection = connections.first(where: { $0.name == name }) else {
            return .failed(TemplateCatalogError(code: .notConfigured, message: "no connection named \"\(name)\""))
        }
        return await sync(connection, actor: actor)
    }

    /// Reads `connection`'s catalog and stores it, or records the failure (a connection not configured for it is
    /// only answered: nothing was read).
    func sync(_ connection: ConnectionConfig, actor: String) async -> TemplateSyncResult {
        let startedAt = now()
        let fetched: [TemplateRecord]
        do {
            fetched = try await fetch(connection, at: startedAt)
        } catch {
            logger.warning(
                "template catalog read failed; the stored catalog stays",
                metadata: ["switchboard.connection": .string(connection.name), "error.code": .string(error.code.rawValue)])
            guard error.code != .notConfigured, error.code != .unsupported else { return .failed(error) }
            do {
                try await store.recordTemplateSyncFailure(connection: connection.name, error: error.description, at: startedAt)
            } catch let storeError {
                logger.error("could not record the template sync failure", metadata: ["error.message": "\(storeError)"])
            }
            return .failed(error)
        }
        do {
            try await store.replaceTemplateCatalog(connection: connection.name, templates: fetched, syncedAt: startedAt, actor: actor)
        } catch {
            logger.error("could not store the template catalog", metadata: ["error.message": "\(error)"])
            return .failed(TemplateCatalogError(code: .transport, message: "the store failed: \(error.message)"))
        }
        logger.info(
            "template catalog read",
            metadata: ["switchboard.connection": .string(connection.name), "switchboard.templates": "\(fetched.count)"])
        return .synced(count: fetched.count, at: startedAt)
    }

    func source(for connection: ConnectionConfig) -> (any TemplateCatalogSource)? {
        registry.adapter(for: connection.provider) as? any TemplateCatalogSource
    }
}

/// What one catalog read did.
public enum TemplateSyncResult: Sendable, Hashable {
    /// The catalog was replaced by `count` templates read at `at`.
    case synced(count: Int, at: Timestamp)
    /// Nothing was replaced, for this reason.
    case failed(TemplateCatalogError)

    /// The account API's answer.
    var answer: TemplateSyncAnswer {
        switch self {
        case .synced(let count, let at): .synced(count: count, at: at)
        case .failed(let error): .failed(code: error.code.rawValue, message: error.message)
        }
    }
}
