import Foundation
import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardQueue
import SwitchboardStore

/// The store for more than one node: several gateway processes share one PostgreSQL database.
///
/// Implements ``GatewayStore``, as the SQLite store does: events deduplicated by id, quarantine,
/// conversation state, the subscriber delivery outbox and the outbound send queue. Claims of both queues
/// use `FOR UPDATE SKIP LOCKED` and a lease, so two processes never work on the same delivery or message at
/// once (see ``dueDeliveries(now:limit:)`` and ``dueOutbound(now:limit:excluding:)``), and writes are
/// announced to the other nodes with NOTIFY (see ``PostgresNotifier``).
///
/// Durability: every write is one transaction, committed with `synchronous_commit = on` (set on each
/// connection, whatever the server's default), so a call returns only after the commit is flushed to the
/// server's WAL. There is no group commit: concurrent calls run on separate pooled connections and the
/// server batches their WAL flushes itself.
///
/// Lifecycle: the connection pool runs in a task started by the initializer; ``close()`` cancels it and
/// waits for the pool to shut down. Calls after ``close()`` fail with code `closed`.
public final class PostgresEventStore: GatewayStore {
    public let configuration: PostgresStoreConfiguration
    /// Signalled after this store's appends commit and when another node's appends did (LISTEN/NOTIFY).
    public let changes: ChangeSignal
    /// This store's identity in claims and notifications: random per instance (per gateway process).
    public let node: String
    let client: PostgresClient
    let logger: Logger
    let notifier: PostgresNotifier
    /// Where the ledger's notices go (``configureLedger(_:)``).
    let ledgerSettings = Locked(LedgerStoreSettings())
    private let runTask: Task<Void, Never>

    /// Probes the server, applies pending migrations, starts the connection pool and the LISTEN connection.
    /// Fails with `unreachable` (naming `host:port`) when no connection can be opened within
    /// ``PostgresStoreConfiguration/connectTimeoutMilliseconds``, with `migration` or `postgres` when the
    /// schema cannot be brought up to date.
    public init(configuration: PostgresStoreConfiguration, logger: Logger = Logger(label: "switchboard.store.postgres"))
        async throws(StoreError)
    {
        try configuration.validate()
        // Probe and migrate on one connection before the pool starts (a pool used before its run() has
        // started only waits, but logs a warning).
        let startup = try await PostgresProbe.connect(configuration, logger: logger)
        do {
            try await PostgresMigrations.migrate(startup, schema: configuration.schema, logger: logger)
        } catch {
            try? await startup.close()
            throw error
        }
        try? await startup.close()
        // The pool's own messages (a connection opened or lost) at notice and above only: at info it reports
        // every connection it stops creating while shutting down.
        var background = logger
        background.logLevel = max(logger.logLevel, .notice)
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: background)
        let node = UUID().uuidString.lowercased()
        let changes = ChangeSignal()
        let notifier = PostgresNotifier(configuration: configuration, node: node, changes: changes, logger: background)
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.node = node
        self.changes = changes
        self.notifier = notifier
        runTask = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                group.addTask { await notifier.sendLoop(client: client) }
                group.addTask { await notifier.listenLoop() }
            }
        }
        // Writes of other nodes wake this one from now on (or, if LISTEN could not start in time, from
        // when it does; polling covers the gap).
        await notifier.listening.wait(timeout: .milliseconds(configuration.connectTimeoutMilliseconds))
    }

    /// Transactions are not group-committed here: nothing to count.
    public var writeCounts: (transactions: Int, requests: Int)? { nil }

    public func observeOutboundChanges(_ wake: @escaping @Sendable () -> Void) {
        notifier.observeOutbound(wake)
    }

    public func event(id: String) async throws(StoreError) -> StoredEvent? {
        let rows = try await fetch("SELECT seq, id, connection, received_at, json FROM events WHERE id = \(id)", doing: "event")
        return try decode("event") { () throws -> StoredEvent? in
            guard let row = rows.first else { return nil }
            let (sequence, id, connection, receivedAt, json) = try row.decode((Int64, String, String, Int64, String).self)
            return StoredEvent(
                sequence: sequence, id: id, connection: connection, receivedAt: Timestamp(milliseconds: receivedAt), json: json)
        }
    }

    public func eventCount() async throws(StoreError) -> Int {
        let rows = try await fetch("SELECT COUNT(*) FROM events", doing: "eventCount")
        return try decode("eventCount") { try rows.first?.decode(Int.self) ?? 0 }
    }

    public func quarantine(_ request: QuarantinedRequest) async throws(StoreError) {
        let headersText = request.headersText
        let body = ByteBuffer(bytes: request.body)
        _ = try await fetch(
            """
            INSERT INTO quarantine (received_at, provider, connection, reason, method, url, headers, body)
            VALUES (\(request.receivedAt.milliseconds), \(request.provider), \(request.connection), \(request.reason),
                    \(request.method), \(request.url), \(headersText), \(body))
            """, doing: "quarantine")
    }

    public func conversation(_ key: String) async throws(StoreError) -> ConversationState? {
        let rows = try await fetch(
            "SELECT \(unescaped: ConversationState.postgresColumns) FROM conversations WHERE key = \(key)", doing: "conversation")
        return try decode("conversation") { () throws -> ConversationState? in
            guard let row = rows.first else { return nil }
            return try ConversationState(postgresRow: row)
        }
    }

    /// `SELECT 1` through the pool, answered within the connect timeout or failed with `unreachable` (a pool
    /// that cannot reach the server would otherwise keep `/readyz` waiting until its circuit breaker trips).
    public func ping() async throws(StoreError) {
        let limit = Duration.milliseconds(configuration.connectTimeoutMilliseconds)
        let outcome = await withTaskGroup(of: Result<Void, StoreError>?.self) { group in
            group.addTask {
                do throws(StoreError) {
                    _ = try await self.fetch("SELECT 1", doing: "ping")
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch outcome {
        case .success: return
        case .failure(let error): throw error
        case nil:
            throw StoreError(code: .unreachable, message: "PostgreSQL at \(configuration.address) did not answer within \(limit)")
        }
    }

    /// Releases this node's outbound claims (the dispatcher has stopped by then: what it still holds was
    /// never sent, so other nodes may take it at once instead of after the lease), then stops the pool and
    /// the LISTEN connection. The release is given 2 seconds: a server that is down does not delay shutdown.
    public func close() async {
        if !runTask.isCancelled {
            let node = self.node
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    _ = try? await self.fetch(
                        "UPDATE outbound_messages SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = \(node)",
                        doing: "close")
                }
                group.addTask { try? await Task.sleep(for: .seconds(2)) }
                await group.next()
                group.cancelAll()
            }
        }
        runTask.cancel()
        await runTask.value
    }

    // MARK: - Running statements

    /// Runs one statement outside a transaction (autocommit) and returns its rows.
    func fetch(_ query: PostgresQuery, doing what: String) async throws(StoreError) -> [PostgresRow] {
        try checkOpen()
        do {
            var rows: [PostgresRow] = []
            for try await row in try await client.query(query, logger: logger) { rows.append(row) }
            return rows
        } catch {
            throw PostgresFailure.storeError(error, doing: what)
        }
    }

    /// Runs `body` in one transaction, running it again (up to 3 times in all) when the server aborts it
    /// for a deadlock or a serialization failure; commits before returning.
    func transaction<Result: Sendable>(
        _ what: String, _ body: (PostgresConnection) async throws -> Result
    ) async throws(StoreError) -> Result {
        try checkOpen()
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch {
                if attempt < 3, PostgresFailure.isRetryable(error) {
                    attempt += 1
                    continue
                }
                throw PostgresFailure.storeError(error, doing: what)
            }
        }
    }

    /// Decodes fetched rows, turning a decoding failure into a store error.
    func decode<Value>(_ what: String, _ body: () throws -> Value) throws(StoreError) -> Value {
        do { return try body() } catch { throw StoreError(code: .postgres, message: "\(what): cannot decode a row: \(error)") }
    }

    private func checkOpen() throws(StoreError) {
        if runTask.isCancelled { throw StoreError(code: .closed, message: "the PostgreSQL store is closed") }
    }
}
