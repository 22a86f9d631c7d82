import AdapterKit
import SwitchboardCore
import SwitchboardMockFaults
import SwitchboardPostgres
import SwitchboardStore

/// Everything `switchboard serve` is configured with (docs/configuration.md). Built by
/// ``ConfigurationLoader`` from YAML, or ``GatewayConfiguration/demo`` when no file is given.
public struct GatewayConfiguration: Sendable {
    /// Address to listen on.
    public var host: String
    public var port: Int
    /// The base URL providers call (`https://hooks.example.com`), used to rebuild the signed URL
    /// (Twilio, MessageBird sign it) behind a proxy. Default: `http://<Host header>`.
    public var publicURL: String?
    public var store: StoreSettings
    public var connections: [ConnectionConfig]
    public var subscribers: [SubscriberConfig]
    public var apiKeys: [APIKeyConfig]
    public var limits: Limits
    public var delivery: DeliverySettings
    /// Folder where every incoming webhook is written as a replayable fixture, or `nil`.
    public var recordDirectory: String?
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`.
    public var logLevel: String
    /// The outbound side: the `policy:` and `dispatcher:` sections and each connection's `outbound:` block.
    public var sending: SendSettings
    /// Runs the mock provider inside `serve` (`mock_provider:`; the embedded demo does), or `nil`.
    public var mockProvider: MockProviderSettings?
    /// What the store prunes, and how often (`retention:`).
    public var retention = RetentionSettings()
    /// The outgoing HTTP connections of sends and deliveries (`transport:`).
    public var transport = TransportSettings()
    /// How the WhatsApp template catalogs are read from the providers (`templates:`).
    public var templates = TemplateSyncSettings()
    /// Where `serve` serves `GET /metrics` apart from the internet-facing port (`metrics_listen`, default
    /// `127.0.0.1:9464`; `nil` for `metrics_listen: none`).
    public var metricsListen: ListenAddress? = .defaultMetrics
    /// The bearer token that opens `GET /metrics` on the main port (`metrics_token`); without it the main port
    /// answers 404 there. A secret: never logged.
    public var metricsToken: Secret?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, store: StoreSettings = StoreSettings(),
        connections: [ConnectionConfig] = [], subscribers: [SubscriberConfig] = [], apiKeys: [APIKeyConfig] = [],
        limits: Limits = Limits(), delivery: DeliverySettings = DeliverySettings(), recordDirectory: String? = nil,
        logLevel: String = "info", sending: SendSettings = SendSettings(),
        mockProvider: MockProviderSettings? = nil
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.store = store
        self.connections = connections
        self.subscribers = subscribers
        self.apiKeys = apiKeys
        self.limits = limits
        self.delivery = delivery
        self.recordDirectory = recordDirectory
        self.logLevel = logLevel
        self.sending = sending
        self.mockProvider = mockProvider
    }

    /// Every secret value in the configuration (for redaction).
    public var secretValues: [String] {
        connections.flatMap(\.secretValues) + subscribers.map(\.secret.value) + apiKeys.map(\.key.value)
            + [store.postgres?.password, metricsToken?.value].compactMap { $0 }
    }
}

/// The mock provider `serve` runs beside the gateway (`mock_provider:`): fake provider send APIs on loopback, so
/// the demo configuration sends end to end without any provider account (docs/mock-provider.md). This library only
/// reads the settings; the `switchboard` command links the mock provider and runs it.
public struct MockProviderSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Faults injected from the start (replaceable at run time with `POST /_mock/faults`).
    public var faults: MockFaultPlan
    /// Most requests kept for `GET /_mock/requests`.
    public var maxRecordedRequests: Int

    public init(host: String = "127.0.0.1", port: Int = 8090, faults: MockFaultPlan = .none, maxRecordedRequests: Int = 10_000) {
        self.host = host
        self.port = port
        self.faults = faults
        self.maxRecordedRequests = maxRecordedRequests
    }
}

/// Where events and the send queue are stored: a SQLite file (the default), or PostgreSQL when
/// ``postgres`` is set (several gateway processes sharing one database; docs/postgres.md).
public struct StoreSettings: Sendable, Hashable {
    /// SQLite database file.
    public var sqlitePath: String
    /// `full` (durable on power loss; default) or `normal` (durable on process crash only).
    public var synchronous: SQLiteSynchronous
    /// The PostgreSQL server, database and pool settings (`store.postgres`); `nil` runs on SQLite. Holds
    /// the password: never log it (``description`` of the store is ``location``).
    public var postgres: PostgresStoreConfiguration?

    public init(
        sqlitePath: String = "./switchboard-data/switchboard.db", synchronous: SQLiteSynchronous = .full,
        postgres: PostgresStoreConfiguration? = nil
    ) {
        self.sqlitePath = sqlitePath
        self.synchronous = synchronous
        self.postgres = postgres
    }

    /// Where the store is, for logs: the SQLite path, or `postgres://host:port/database` (no user, no password).
    public var location: String {
        guard let postgres else { return sqlitePath }
        return "postgres://\(postgres.address)/\(postgres.database)" + (postgres.schema.map { "?schema=\($0)" } ?? "")
    }
}

/// An app that receives canonical events.
public struct SubscriberConfig: Sendable, Hashable {
    public var name: String
    public var url: String
    /// Key of the `X-Switchboard-Signature-V2` and `X-Switchboard-Signature` HMACs.
    public var secret: Secret
    /// Event kinds to deliver; empty = all.
    public var kinds: Set<EventKind>
    /// Channels to deliver; empty = all.
    public var channels: Set<Channel>
    /// Connection names to deliver; empty = all.
    public var connections: Set<String>

    public init(
        name: String, url: String, secret: Secret, kinds: Set<EventKind> = [], channels: Set<Channel> = [],
        connections: Set<String> = []
    ) {
        self.name = name
        self.url = url
        self.secret = secret
        self.kinds = kinds
        self.channels = channels
        self.connections = connections
    }

    /// Whether an event that arrived on `connection` goes to this subscriber.
    public func matches(_ event: CanonicalEvent, connection: String) -> Bool {
        (kinds.isEmpty || kinds.contains(event.kind)) && (channels.isEmpty || channels.contains(event.channel))
            && (connections.isEmpty || connections.contains(connection))
    }
}

/// A key agents use on `/v1/...`.
public struct APIKeyConfig: Sendable, Hashable {
    public var key: Secret
    /// Connection names the key may use; empty = all.
    public var connections: Set<String>

    public init(key: Secret, connections: Set<String> = []) {
        self.key = key
        self.connections = connections
    }
}

/// Request and connection limits (`limits:`).
public struct Limits: Sendable, Hashable {
    /// Larger webhook bodies are refused with 413 before they are read completely.
    public var maxBodyBytes: Int
    /// Larger decoded batches are refused with 413 (a guard against amplification).
    public var maxEventsPerRequest: Int
    /// Larger `/v1` request bodies are refused with 413 before more is read (`max_api_body_bytes`, default 1 MiB).
    public var maxAPIBodyBytes: Int
    /// Most open HTTP connections (`max_connections`, default 16384); the server uses at most the open-file
    /// limit less ``FileDescriptorLimit/reserve``. At the cap the connection idle longest is closed for a new one.
    public var maxConnections: Int
    /// How far a webhook's signed time (a JWT's `iat`/`nbf`/`exp`, Vonage's signed `timestamp`) may be from the time
    /// the server received it, in either direction (`clock_skew_ms`, default 5 minutes; at most 1 hour).
    public var clockSkewMilliseconds: Int64 = InboundRequest.defaultClockSkewMilliseconds
    /// A keep-alive connection sending nothing for this long is closed (`idle_timeout_ms`, default 60 s).
    public var idleTimeoutMilliseconds: Int
    /// A request head not complete within this is closed (`header_timeout_ms`, default 10 s).
    public var headerTimeoutMilliseconds: Int
    /// A request body pausing this long is closed (`body_timeout_ms`, default 30 s).
    public var bodyTimeoutMilliseconds: Int
    /// A request body not complete within this of its head is closed (`body_total_timeout_ms`, default 120 s).
    public var bodyTotalTimeoutMilliseconds: Int

    public init(
        maxBodyBytes: Int = 1 << 20, maxEventsPerRequest: Int = 1000, maxConnections: Int = 16384, idleTimeoutMilliseconds: Int = 60_000,
        headerTimeoutMilliseconds: Int = 10_000, bodyTimeoutMilliseconds: Int = 30_000, bodyTotalTimeoutMilliseconds: Int = 120_000,
        maxAPIBodyBytes: Int = 1 << 20
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxAPIBodyBytes = maxAPIBodyBytes
        self.maxEventsPerRequest = maxEventsPerRequest
        self.maxConnections = maxConnections
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.headerTimeoutMilliseconds = headerTimeoutMilliseconds
        self.bodyTimeoutMilliseconds = bodyTimeoutMilliseconds
        self.bodyTotalTimeoutMilliseconds = bodyTotalTimeoutMilliseconds
    }

    /// The three connection timeouts.
    public var connectionTimeouts: HTTPConnectionTimeouts {
        HTTPConnectionTimeouts(
            idle: .milliseconds(idleTimeoutMilliseconds), header: .milliseconds(headerTimeoutMilliseconds),
            body: .milliseconds(bodyTimeoutMilliseconds), bodyTotal: .milliseconds(bodyTotalTimeoutMilliseconds))
    }
}

/// How the router delivers to subscribers.
public struct DeliverySettings: Sendable, Hashable {
    /// The ceiling of the first retry delay (full jitter: a uniformly random wait below it); doubles per attempt.
    public var initialBackoffMilliseconds: Int
    /// Upper bound of the retry delay, and the longest a subscriber's `Retry-After` is honoured.
    public var maxBackoffMilliseconds: Int
    /// How long after an event was stored (or its delivery redriven) a delivery that still fails is parked as a dead
    /// letter (`give_up_after_ms`, default 72 h); attempts are unlimited until then.
    public var giveUpAfterMilliseconds: Int
    /// Per-request timeout.
    public var timeoutMilliseconds: Int
    /// Deliveries in flight at once, shared evenly among the subscribers (at least one each).
    public var concurrency: Int
    /// How often the router looks for due retries when nothing new arrives.
    public var pollIntervalMilliseconds: Int

    public init(
        initialBackoffMilliseconds: Int = 1000, maxBackoffMilliseconds: Int = 300_000, timeoutMilliseconds: Int = 10_000,
        concurrency: Int = 16, pollIntervalMilliseconds: Int = 1000, giveUpAfterMilliseconds: Int = 259_200_000
    ) {
        self.initialBackoffMilliseconds = initialBackoffMilliseconds
        self.maxBackoffMilliseconds = maxBackoffMilliseconds
        self.giveUpAfterMilliseconds = giveUpAfterMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.concurrency = concurrency
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
    }
}
