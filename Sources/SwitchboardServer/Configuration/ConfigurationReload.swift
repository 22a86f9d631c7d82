import AdapterKit
import Foundation
import Logging
import SwitchboardCore
import SwitchboardStore

/// The settings that stay in the configuration file and change without a restart (docs/configuration.md,
/// "Reloading without a restart"): the policy's numbers with every connection's `outbound:` account settings
/// (one ``SendPolicy``), and the API keys. The send API and the dispatcher's recheck read ``policy`` once per
/// decision; a reload swaps it whole, so no decision sees half of an old file and half of a new one.
public final class LiveSettings: Sendable {
    private let box: Locked<SendPolicy>
    /// Shared by every API; its keys are swapped by the reload.
    let authenticator: APIKeyAuthenticator

    public init(sending: SendSettings, apiKeys: [APIKeyConfig]) {
        box = Locked(SendPolicy(settings: sending))
        authenticator = APIKeyAuthenticator(keys: apiKeys)
    }

    /// The policy in force.
    public var policy: SendPolicy { box.withLock { $0 } }

    /// Puts `sending`'s policy and account settings and `apiKeys` in force.
    func replace(sending: SendSettings, apiKeys: [APIKeyConfig]) {
        let policy = SendPolicy(settings: sending)
        box.withLock { $0 = policy }
        authenticator.replaceKeys(apiKeys)
    }
}

/// What a reload did.
public enum ConfigurationReloadOutcome: Sendable, Hashable {
    /// The new file's reloadable settings are in force; `restartNeeded` names the sections that changed but take
    /// effect only at the next start.
    case applied(restartNeeded: [String])
    /// The file was refused (the problems `config check` would print, or the store could not open a new wallet):
    /// the settings in force stay.
    case refused(problems: [String])
}

/// Reloads the configuration file on SIGHUP (`switchboard serve` calls ``reload(_:)`` from its signal handler).
/// The file goes through the same loader as `config check`; a bad one changes nothing and is logged with every
/// problem. A good one opens the wallets it declares (an existing wallet keeps its balance) and then swaps the
/// ``LiveSettings``.
public final class ConfigurationReloader: Sendable {
    let live: LiveSettings
    private let store: any AccountLedger
    private let metrics: GatewayMetrics
    private let logger: Logger
    /// The configuration in force: the one started with, its reloadable parts replaced by each applied reload.
    private let running: Locked<GatewayConfiguration>
    /// One reload at a time.
    private let gate = AsyncGate()

    init(configuration: GatewayConfiguration, live: LiveSettings, store: any AccountLedger, metrics: GatewayMetrics, logger: Logger) {
        running = Locked(configuration)
        self.live = live
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    /// Loads the configuration with `load` (which reads and validates the file: `ConfigurationError` lists its
    /// problems) and puts its reloadable settings in force, or keeps the old ones and says why.
    @discardableResult
    public func reload(_ load: @Sendable () throws -> GatewayConfiguration) async -> ConfigurationReloadOutcome {
        await gate.run { await reloadNow(load) }
    }

    private func reloadNow(_ load: @Sendable () throws -> GatewayConfiguration) async -> ConfigurationReloadOutcome {
        let loaded: GatewayConfiguration
        do {
            loaded = try load()
        } catch let error as ConfigurationError {
            return refuse(error.problems.map(\.description))
        } catch {
            return refuse(["\(error)"])
        }
        let current = running.withLock { $0 }
        do {
            try await store.openWallets(loaded.sending.walletOpenings, at: Timestamp(Date()))
        } catch {
            return refuse(["cannot open the configured wallets: \(error)"])
        }
        let restartNeeded = Self.restartOnlyChanges(from: current, to: loaded)
        var next = current
        next.sending.policy = loaded.sending.policy
        next.sending.accounts = loaded.sending.accounts
        next.apiKeys = loaded.apiKeys
        live.replace(sending: next.sending, apiKeys: next.apiKeys)
        running.withLock { $0 = next }
        metrics.configurationReload(outcome: "applied")
        logger.notice(
            "configuration reloaded: policy, outbound account settings and API keys are in force",
            metadata: ["switchboard.reload.restart_needed": "\(restartNeeded.joined(separator: ","))"])
        if !restartNeeded.isEmpty {
            logger.warning(
                "configuration reload: these sections changed and take effect at the next restart",
                metadata: ["switchboard.reload.restart_needed": "\(restartNeeded.joined(separator: ","))"])
        }
        return .applied(restartNeeded: restartNeeded)
    }

    private func refuse(_ problems: [String]) -> ConfigurationReloadOutcome {
        metrics.configurationReload(outcome: "refused")
        for problem in problems {
            logger.error(
                "configuration reload refused; the settings in force stay", metadata: ["switchboard.reload.problem": "\(problem)"])
        }
        return .refused(problems: problems)
    }

    /// The sections that differ between `old` and `new` and are read only at start.
    static func restartOnlyChanges(from old: GatewayConfiguration, to new: GatewayConfiguration) -> [String] {
        var changed: [String] = []
        func check(_ name: String, _ same: Bool) { if !same { changed.append(name) } }
        check("listen", old.host == new.host && old.port == new.port)
        check("public_url", old.publicURL == new.publicURL)
        check("store", old.store == new.store)
        check("connections", old.connections == new.connections)
        check("subscribers", old.subscribers == new.subscribers)
        check("limits", old.limits == new.limits)
        check("delivery", old.delivery == new.delivery)
        check("record", old.recordDirectory == new.recordDirectory)
        check("log_level", old.logLevel == new.logLevel)
        check("retention", old.retention == new.retention)
        check("transport", old.transport == new.transport)
        check("templates", old.templates == new.templates)
        check("mock_provider", old.mockProvider == new.mockProvider)
        check("metrics_listen", old.metricsListen == new.metricsListen)
        check("metrics_token", old.metricsToken == new.metricsToken)
        let (a, b) = (old.sending.dispatcher, new.sending.dispatcher)
        check(
            "dispatcher",
            old.sending.dispatcherEnabled == new.sending.dispatcherEnabled && a.concurrency == b.concurrency && a.batchSize == b.batchSize
                && a.nodes == b.nodes && a.rateLimitMargin == b.rateLimitMargin && a.pollInterval == b.pollInterval && a.lease == b.lease
                && a.retryPolicy == b.retryPolicy && a.transport == b.transport)
        check("outbound.rate_limit", a.connectionLimits == b.connectionLimits)
        return changed
    }
}

/// Runs one body at a time, in arrival order.
private actor AsyncGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return await body()
    }
}
