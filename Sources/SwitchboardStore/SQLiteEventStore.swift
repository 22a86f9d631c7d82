import CSQLite
import Foundation
import SwitchboardCore

/// The embedded store: one SQLite file in WAL mode.
///
/// Durability: `synchronous = FULL` (the default here). In WAL mode that syncs the WAL on every
/// commit, so a webhook acknowledged with 200 survives not only a crash of the process (`kill -9`,
/// which NORMAL also survives) but a power loss or kernel panic, which NORMAL does not: NORMAL only
/// syncs at checkpoints. The cost is one fsync per commit, which group commit (see
/// ``SQLiteWriter``) spreads over every request in the group.
public final class SQLiteEventStore: @unchecked Sendable {
    /// Settings of the SQLite store.
    public struct Options: Sendable, Hashable {
        /// ``SQLiteSynchronous/full`` (durable on power loss) or ``SQLiteSynchronous/normal`` (durable on process crash only).
        public var synchronous: SQLiteSynchronous
        /// How long a connection waits for a lock before failing, in milliseconds.
        public var busyTimeoutMilliseconds: Int
        /// WAL size, in frames (pages), at which a background checkpoint starts (see ``SQLiteCheckpointer``).
        public var checkpointFrames: Int

        public init(synchronous: SQLiteSynchronous = .full, busyTimeoutMilliseconds: Int = 5000, checkpointFrames: Int = 1000) {
            self.synchronous = synchronous
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.checkpointFrames = checkpointFrames
        }
    }

    /// The database file.
    public let path: String
    /// Signalled after every commit (the router waits on it).
    public let changes = ChangeSignal()
    let writer: SQLiteWriter
    let readers: SQLiteReaderPool
    /// Where the ledger's notices go (``configureLedger(_:)``), read by the writer's transactions.
    let ledgerSettings = Locked(LedgerStoreSettings())

    /// Opens (creating the file and its folder if needed) and migrates the database at `path`.
    public init(path: String, options: Options = Options()) throws(StoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(code: .openFailed, message: "cannot create \(folder): \(error.localizedDescription)")
        }
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA busy_timeout = \(options.busyTimeoutMilliseconds)")
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = \(options.synchronous.pragma)")
        try connection.execute("PRAGMA foreign_keys = ON")
        // 32 MB page cache for the writer: the events/deliveries indexes stay in memory under load.
        try connection.execute("PRAGMA cache_size = -32000")
        try SQLiteMigrations.migrate(connection)
        try OutboundSchema.migrate(connection)
        let changes = self.changes
        let checkpointer = try SQLiteCheckpointer(
            path: path, synchronous: options.synchronous, threshold: Int32(clamping: max(1, options.checkpointFrames)))
        writer = SQLiteWriter(connection: connection, checkpointer: checkpointer) { changes.signal() }
        readers = SQLiteReaderPool(path: path)
    }

    /// Transactions committed and write requests served (group commit: transactions ≤ requests).
    public var writeStatistics: (transactions: Int, requests: Int) { writer.statistics }

    public func append(_ plan: InboundPlan) async throws(StoreError) -> AppendResult {
        guard !plan.steps.isEmpty else { return AppendResult() }
        let settings = ledgerSettings.withLock { $0 }
        return try await writer.perform { connection throws(StoreError) in try Self.persist(plan, settings: settings, into: connection) }
    }

    public func quarantine(_ request: QuarantinedRequest) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            let statement = try connection.statement(
                "INSERT INTO quarantine (received_at, provider, connection, reason, method, url, headers, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            )
            statement.bind(1, request.receivedAt.milliseconds)
            statement.bind(2, request.provider)
            statement.bind(3, request.connection)
            statement.bind(4, request.reason)
            statement.bind(5, request.method)
            statement.bind(6, request.url)
            statement.bind(7, request.headersText)
            statement.bind(8, blob: request.body)
            try statement.step()
        }
    }

    public func event(id: String) async throws(StoreError) -> StoredEvent? {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT seq, id, connection, received_at, json FROM events WHERE id = ?1")
            statement.bind(1, id)
            defer { statement.reset() }  // an unfinished statement would pin this reader's snapshot
            guard try statement.step() else { return nil }
            return StoredEvent(
                sequence: statement.int64(0), id: statement.string(1), connection: statement.string(2),
                receivedAt: Timestamp(milliseconds: statement.int64(3)), json: statement.string(4))
        }
    }

    public func eventCount() async throws(StoreError) -> Int {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT COUNT(*) FROM events")
            try statement.step()
            return Int(statement.int64(0))
        }
    }

    /// The columns ``quarantinedRequest(from:)`` reads, with `body` standing for the body column.
    private static func quarantineColumns(body: String = "body") -> String {
        "id, received_at, provider, connection, reason, method, url, headers, \(body), reprocessed_at, reprocessed_events, length(body)"
    }

    public func quarantined(limit: Int, before: Int64?, bodies: Bool) async throws(StoreError) -> [QuarantinedRequest] {
        try readers.read { connection throws(StoreError) in
            // Without bodies, the body column is read as an empty blob (SQLite then does not load its overflow pages).
            let columns = Self.quarantineColumns(body: bodies ? "body" : "x''")
            let statement = try connection.statement("SELECT \(columns) FROM quarantine WHERE id < ?2 ORDER BY id DESC LIMIT ?1")
            statement.bind(1, limit)
            statement.bind(2, before ?? Int64.max)
            var found: [QuarantinedRequest] = []
            while try statement.step() { found.append(Self.quarantinedRequest(from: statement)) }
            return found
        }
    }

    public func quarantinedRequest(id: Int64) async throws(StoreError) -> QuarantinedRequest? {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT \(Self.quarantineColumns()) FROM quarantine WHERE id = ?1")
            statement.bind(1, id)
            defer { statement.reset() }  // an unfinished statement would pin this reader's snapshot
            guard try statement.step() else { return nil }
            return Self.quarantinedRequest(from: statement)
        }
    }

    public func markReprocessed(quarantineID id: Int64, at time: Timestamp, events: Int) async throws(StoreError) {
        try await writer.perform { connection throws(StoreError) in
            let statement = try connection.statement("UPDATE quarantine SET reprocessed_at = ?2, reprocessed_events = ?3 WHERE id = ?1")
            statement.bind(1, id)
            statement.bind(2, time.milliseconds)
            statement.bind(3, events)
            try statement.step()
        }
    }

    private static func quarantinedRequest(from statement: SQLiteStatement) -> QuarantinedRequest {
        QuarantinedRequest(
            id: statement.int64(0), receivedAt: Timestamp(milliseconds: statement.int64(1)), provider: statement.string(2),
            connection: statement.optionalString(3), reason: statement.string(4), method: statement.string(5),
            url: statement.string(6), headers: QuarantinedRequest.headers(fromText: statement.string(7)), body: statement.blob(8),
            bodyBytes: Int(statement.int64(11)), reprocessedAt: statement.optionalInt64(9).map { Timestamp(milliseconds: $0) },
            reprocessedEvents: statement.optionalInt64(10).map { Int($0) })
    }

    public func conversation(_ key: String) async throws(StoreError) -> ConversationState? {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT \(ConversationState.columns) FROM conversations WHERE key = ?1")
            statement.bind(1, key)
            defer { statement.reset() }  // an unfinished statement would pin this reader's snapshot
            guard try statement.step() else { return nil }
            return ConversationState.read(from: statement)
        }
    }

    public func ping() async throws(StoreError) {
        try readers.read { connection throws(StoreError) in
            let statement = try connection.statement("SELECT 1")
            try statement.step()
        }
    }

    public func close() async {
        await writer.stop()
        readers.close()
    }
}
