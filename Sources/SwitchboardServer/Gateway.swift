import AdapterKit
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardAdapters
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardQueue
import SwitchboardStore
import SwitchboardTransport

/// The assembled gateway: the Hummingbird application (HTTP server, subscriber router and store
/// as services of one ServiceGroup) plus handles tests and the CLI use.
public struct Gateway {
    public let application: Application<RouterResponder<BasicRequestContext>>
    /// The store `serve` runs on (SQLite or PostgreSQL, from `store:` in the configuration).
    public let store: any GatewayStore
    public let metrics: GatewayMetrics
    /// Reloads the configuration's reloadable settings (`serve` calls it on SIGHUP).
    public let reloader: ConfigurationReloader
    /// `/metrics` on `metrics_listen`, when ``buildApplication(configuration:transport:logger:registry:sending:store:providerServices:metricsListener:)``
    /// was asked for it and the configuration names an address.
    public var metricsListener: MetricsListener?

    /// The store as SQLite, when the gateway runs on SQLite (tests read its write statistics and outbox).
    public var sqliteStore: SQLiteEventStore? { store as? SQLiteEventStore }
}

/// Opens the store `settings` name: PostgreSQL when `store.postgres` is set (probing the server first, so an
/// unreachable one fails within its connect timeout with its address), the SQLite file otherwise.
public func openStore(_ settings: StoreSettings, logger: Logger) async throws(StoreError) -> any GatewayStore {
    if let postgres = settings.postgres {
        var storeLogger = logger
        storeLogger[metadataKey: "switchboard.store"] = .string(settings.location)
        return try await PostgresEventStore(configuration: postgres, logger: storeLogger)
    }
    return try openSQLiteStore(settings)
}

/// The SQLite store of `settings`; refuses a PostgreSQL configuration (opened asynchronously by ``openStore(_:logger:)``).
func openSQLiteStore(_ settings: StoreSettings) throws(StoreError) -> SQLiteEventStore {
    guard settings.postgres == nil else {
        throw StoreError(
            code: .openFailed, message: "a PostgreSQL store is opened with openStore(_:logger:) and passed to buildApplication as store:")
    }
    return try SQLiteEventStore(path: settings.sqlitePath, options: .init(synchronous: settings.synchronous))
}

/// The composition root: builds the whole gateway from a configuration. `main` and the tests both
/// call it; only the transport (libcurl in production) and the logger are passed in. `sending` replaces the
/// configuration's outbound settings (``GatewayConfiguration/sending``) when given.
///
/// `store` is the store to run on (``openStore(_:logger:)``); when `nil` the configuration's SQLite file is
/// opened here (a PostgreSQL configuration needs `store`).
///
/// `providerServices` run beside the gateway as the endpoints its sends go to (`serve` passes the mock provider
/// that `mock_provider:` configures): they start after the store and stop after the dispatcher and the router,
/// so sends in flight get their answer.
///
/// `webhookClock` is the time a webhook is received at, which its signature's time is checked against
/// (`limits.clock_skew_ms`): the wall clock, unless a test moves time.
///
/// `metricsListener` starts the ``MetricsListener`` on the configuration's `metrics_listen` address (`serve` asks
/// for it); off by default, so gateways built side by side in one process never contend for its fixed default port.
public func buildApplication(
    configuration: GatewayConfiguration, transport: any HTTPTransport, logger: Logger = Logger(label: "switchboard"),
    registry: AdapterRegistry = StandardAdapters.registry, sending: SendSettings? = nil, store: (any GatewayStore)? = nil,
    providerServices: [any Service] = [], metricsListener: Bool = false,
    webhookClock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
) throws -> Gateway {
    let sending = sending ?? configuration.sending
    let store = try store ?? openSQLiteStore(configuration.store)
    let metrics = GatewayMetrics()
    let pipeline = WebhookPipeline(
        registry: registry, configuration: configuration, metrics: metrics,
        recorder: configuration.recordDirectory.map(WebhookRecorder.init(directory:)), logger: logger, now: webhookClock)
    UnsignedWebhookWarning.log(configuration.connections, registry: registry, logger: logger)
    let webhooks = WebhookHandler(pipeline: pipeline, store: store)
    let connections = connectionLimiter(configuration.limits, metrics: metrics, logger: logger)

    let router = Router(context: BasicRequestContext.self)
    // First, so it wraps every route and the not-found answer: 405 with Allow, 415 (APIRouteMiddleware.swift).
    router.add(middleware: APIRouteMiddleware())
    for path in ["webhooks/:provider", "webhooks/:provider/:connection"] {
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            await webhooks.handle(
                request, provider: context.parameters.get("provider") ?? "", connection: context.parameters.get("connection"))
        }
        router.get(RouterPath(path), use: handler)
        router.post(RouterPath(path), use: handler)
    }
    let live = LiveSettings(sending: sending, apiKeys: configuration.apiKeys)
    let authenticator = live.authenticator
    store.configureLedger(
        LedgerStoreSettings(
            eventSubscribers: configuration.subscribers.filter { $0.kinds.isEmpty || $0.kinds.contains(.event) }.map(\.name),
            statusSubscribers: configuration.subscribers.filter { $0.kinds.isEmpty || $0.kinds.contains(.status) }.map(\.name)))
    let wallets = WalletStartup(store: store, openings: sending.walletOpenings, logger: logger)
    let rateCards = RateCardCache(store: store)
    ConversationAPI(store: store, connections: configuration.connections, authenticator: authenticator).register(on: router)
    let dispatcher = Dispatcher(
        store: store, transport: transport, registry: registry, connections: configuration.connections, settings: sending.dispatcher,
        logger: logger,
        observer: { metrics.outboundSend(connection: $0.connection, outcome: $0.outcome, enqueueToSent: $0.enqueueToSent) },
        recheck: DispatchRecheckPolicy(
            store: store, policy: { live.policy }, rateCards: rateCards, registry: registry, connections: configuration.connections
        ).recheck, rateLimits: store.makeRateLimitStore())
    store.observeOutboundChanges { dispatcher.wake() }
    SendAPI(
        store: store, configuration: configuration, registry: registry, settings: sending, live: live, rateCards: rateCards,
        wallets: wallets, metrics: metrics, wake: { dispatcher.wake() }
    )
    .register(on: router)
    QuarantineAPI(store: store, pipeline: pipeline, authenticator: authenticator).register(on: router)
    let templateSync = TemplateCatalogSync(
        store: store, transport: transport, registry: registry, connections: configuration.connections,
        settings: configuration.templates, logger: logger)
    AccountAPI(
        store: store, connections: configuration.connections, registry: registry, live: live, rateCards: rateCards, wallets: wallets,
        syncTemplates: { await templateSync.sync(connection: $0.name, actor: $1).answer },
        bodyReader: APIBodyReader(limit: configuration.limits.maxAPIBodyBytes), logger: logger
    ).register(on: router)
    SubscriberAPI(
        store: store, subscribers: configuration.subscribers, authenticator: authenticator,
        bodyReader: APIBodyReader(limit: configuration.limits.maxAPIBodyBytes), logger: logger
    )
    .register(on: router)
    let metricsEndpoint = MetricsEndpoint(store: store, metrics: metrics, connections: connections)
    HealthAPI(store: store, metrics: metricsEndpoint, metricsToken: configuration.metricsToken).register(on: router)
    let metricsService = configuration.metricsListen.flatMap { address in
        metricsListener ? MetricsListener(address: address, endpoint: metricsEndpoint, logger: logger) : nil
    }

    let subscriberRouter = SubscriberRouter(
        store: store, changes: store.changes, subscribers: configuration.subscribers, transport: transport,
        settings: configuration.delivery, metrics: metrics, logger: logger)
    // Services shut down in reverse order: the HTTP server first (in-flight requests finish), then the
    // dispatcher and the router, then the provider services (sends in flight get their answer), then the store
    // (pending writes commit).
    var services: [any Service] = [StoreService(store: store, logger: logger), wallets]
    services += providerServices
    services.append(subscriberRouter)
    if sending.dispatcherEnabled { services.append(dispatcher) }
    services.append(RetentionService(store: store, settings: configuration.retention, metrics: metrics, logger: logger))
    services.append(templateSync)
    if let metricsService { services.append(metricsService) }
    let timeouts = configuration.limits.connectionTimeouts
    let application = Application(
        router: router,
        server: .http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [
                    ConnectionGuardHandler(timeouts: timeouts, limiter: connections, metrics: metrics, logger: logger)
                ])),
        // A listen backlog of 4096 (the kernel caps it at net.core.somaxconn): under a burst of connections,
        // the ones not yet accepted wait in it rather than having their SYN dropped and retried a second later.
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "switchboard", backlog: 4096),
        services: services,
        onServerRunning: { channel in
            // Not `availableConnectionsDelegate`: that re-checks only when a connection closes, and
            // HummingbirdTesting's application drops it.
            do {
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(ConnectionAcceptGate(limiter: connections), position: .first)
                }.get()
            } catch {
                logger.error("cannot pause accepting at the connection limit", metadata: ["error.message": "\(error)"])
            }
        },
        logger: logger)
    var running = configuration
    running.sending = sending
    let reloader = ConfigurationReloader(configuration: running, live: live, store: store, metrics: metrics, logger: logger)
    return Gateway(application: application, store: store, metrics: metrics, reloader: reloader, metricsListener: metricsService)
}

/// The connection cap of `limits` within the open-file limit, logged with the numbers it came from.
private func connectionLimiter(_ limits: Limits, metrics: GatewayMetrics, logger: Logger) -> ConnectionLimiter {
    let files = FileDescriptorLimit.current()
    let capacity = files.connectionCap(configured: limits.maxConnections)
    logger.info(
        "http connection limit",
        metadata: [
            "switchboard.connections.limit": "\(capacity)", "switchboard.connections.configured": "\(limits.maxConnections)",
            "switchboard.nofile.soft": "\(files.soft)", "switchboard.nofile.hard": "\(files.hard)",
            "switchboard.nofile.reserve": "\(FileDescriptorLimit.reserve)",
        ])
    if capacity < limits.maxConnections {
        logger.warning(
            "the open-file limit lowers limits.max_connections; raise LimitNOFILE (docs/operations.md)",
            metadata: ["switchboard.connections.limit": "\(capacity)", "switchboard.nofile.soft": "\(files.soft)"])
    }
    return ConnectionLimiter(capacity: capacity, metrics: metrics, logger: logger)
}
