import Logging
import PostgresNIO
import SwitchboardStore

/// The versioned schema of the PostgreSQL store: SQLite's schema (version 1: events, quarantine,
/// conversations, deliveries; version 2: the send queue, see `PostgresMigrations+Outbound.swift`; version 3:
/// two unused event indexes dropped; version 7: the account ledger, `PostgresMigrations+Ledger.swift`; version 9:
/// the rate limits the nodes share, `PostgresMigrations+RateLimits.swift`), with the same columns and units (times
/// are epoch milliseconds; the rate limits' are microseconds).
///
/// Each migration runs once, in order, in its own transaction, and is recorded in `schema_migrations`.
/// Every transaction first takes a transaction-scoped advisory lock, so two gateway processes starting
/// at once apply each migration exactly once: the second waits, then sees the version recorded.
/// Never edit a shipped migration: add one.
enum PostgresMigrations {
    /// `(version, statements)`, ascending. One statement per string (the extended protocol runs one at a time).
    static let all: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE events (
                    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    conversation TEXT,
                    kind TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    account TEXT NOT NULL,
                    connection TEXT NOT NULL,
                    provider_message_id TEXT,
                    timestamp BIGINT,
                    received_at BIGINT NOT NULL,
                    json TEXT NOT NULL
                )
                """,
                "CREATE INDEX events_conversation ON events(conversation, seq)",
                "CREATE INDEX events_provider_message ON events(provider, provider_message_id)",
                "CREATE INDEX events_status_by_message ON events(provider_message_id) WHERE kind = 'status'",
                """
                CREATE TABLE quarantine (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    received_at BIGINT NOT NULL,
                    provider TEXT NOT NULL,
                    connection TEXT,
                    reason TEXT NOT NULL,
                    method TEXT NOT NULL,
                    url TEXT NOT NULL,
                    headers TEXT NOT NULL,
                    body BYTEA NOT NULL
                )
                """,
                """
                CREATE TABLE conversations (
                    key TEXT PRIMARY KEY,
                    channel TEXT NOT NULL,
                    account TEXT NOT NULL,
                    contact TEXT NOT NULL,
                    last_inbound_at BIGINT,
                    last_outbound_at BIGINT,
                    referral_at BIGINT,
                    referral_source TEXT,
                    entry_point_opened_at BIGINT,
                    opted_out BOOLEAN NOT NULL DEFAULT FALSE,
                    opted_out_at BIGINT,
                    consent_at BIGINT,
                    blocked BOOLEAN NOT NULL DEFAULT FALSE,
                    started BOOLEAN NOT NULL DEFAULT FALSE,
                    attachment_bytes TEXT NOT NULL DEFAULT '{}',
                    private_replied TEXT NOT NULL DEFAULT '[]',
                    comments TEXT NOT NULL DEFAULT '{}',
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE deliveries (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    event_seq BIGINT NOT NULL REFERENCES events(seq),
                    subscriber TEXT NOT NULL,
                    conversation TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    next_attempt_at BIGINT NOT NULL,
                    delivered_at BIGINT,
                    last_error TEXT,
                    UNIQUE (event_seq, subscriber)
                )
                """,
                "CREATE INDEX deliveries_pending_order ON deliveries(subscriber, conversation, id) WHERE state = 'pending'",
                "CREATE INDEX deliveries_pending_due ON deliveries(next_attempt_at) WHERE state = 'pending'",
            ]
        ),
        (2, outbound),
        // SQLite's migrations 2 and 3: neither index serves a query, and each cost a B-tree insert per stored event.
        (3, ["DROP INDEX IF EXISTS events_conversation", "DROP INDEX IF EXISTS events_provider_message"]),
        // SQLite's migration 4: when a quarantined request last decoded on reprocessing, and into how many events.
        (
            4,
            [
                "ALTER TABLE quarantine ADD COLUMN reprocessed_at BIGINT",
                "ALTER TABLE quarantine ADD COLUMN reprocessed_events INTEGER",
            ]
        ),
        // SQLite's outbound migration 3: the failed and dead messages, for the listing of what may be redriven.
        (
            5,
            [
                "CREATE INDEX outbound_dead ON outbound_messages(seq) WHERE state = 'dead'",
                "CREATE INDEX outbound_failed ON outbound_messages(seq) WHERE state = 'failed'",
            ]
        ),
        // SQLite's migration 5: dead (parked) deliveries, with the reason; a redrive restarts the give-up age.
        (
            6,
            [
                "ALTER TABLE deliveries ADD COLUMN dead_at BIGINT",
                "ALTER TABLE deliveries ADD COLUMN dead_reason TEXT",
                "ALTER TABLE deliveries ADD COLUMN redriven_at BIGINT",
                "CREATE INDEX deliveries_dead ON deliveries(subscriber, id) WHERE state = 'dead'",
            ]
        ),
        // The account ledger (`PostgresMigrations+Ledger.swift`).
        (7, ledger),
        // SQLite's outbound migration 4: the messages the policy refused at dispatch, for their listing.
        (8, ["CREATE INDEX outbound_refused ON outbound_messages(seq) WHERE state = 'refused'"]),
        // The rate limits all nodes share (`PostgresMigrations+RateLimits.swift`).
        (9, rateLimits),
        // SQLite's migration 7: every send attempt, stored before its request leaves.
        (
            10,
            [
                """
                CREATE TABLE outbound_attempts (
                    message_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    started_at BIGINT NOT NULL,
                    process TEXT NOT NULL,
                    seq BIGSERIAL PRIMARY KEY
                )
                """,
                "CREATE INDEX outbound_attempts_message ON outbound_attempts(message_id)",
            ]
        ),
    ]

    /// Applies every migration not yet recorded. `schema` (already validated) is created when missing.
    /// Runs on `connection` (the store's startup connection, before the pool starts).
    static func migrate(_ connection: PostgresConnection, schema: String?, logger: Logger) async throws(StoreError) {
        let lockName = "switchboard.migrations.\(schema ?? "public")"
        for migration in all {
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lockName)))", logger: logger)
                    if let schema {
                        try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
                    }
                    try await connection.query(
                        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                        logger: logger)
                    var applied = 0
                    for try await version in try await connection.query(
                        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", logger: logger
                    ).decode(Int.self) {
                        applied = version
                    }
                    guard migration.version > applied else { return }
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger: logger)
                }
            } catch {
                throw StoreError(code: .migration, message: "migration \(migration.version) failed: \(PostgresFailure.describe(error))")
            }
        }
    }
}
