/// The versioned schema of the SQLite store. Each migration runs once, in order, in its own
/// transaction, and is recorded in `schema_migrations`. Never edit a shipped migration: add one.
enum SQLiteMigrations {
    /// `(version, SQL)`, ascending.
    static let all: [(version: Int, sql: String)] = [
        (
            1,
            """
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                conversation TEXT,
                kind TEXT NOT NULL,
                channel TEXT NOT NULL,
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                connection TEXT NOT NULL,
                provider_message_id TEXT,
                timestamp INTEGER,
                received_at INTEGER NOT NULL,
                json TEXT NOT NULL
            );
            CREATE INDEX events_conversation ON events(conversation, seq);
            CREATE INDEX events_provider_message ON events(provider, provider_message_id);

            CREATE TABLE quarantine (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                received_at INTEGER NOT NULL,
                provider TEXT NOT NULL,
                connection TEXT,
                reason TEXT NOT NULL,
                method TEXT NOT NULL,
                url TEXT NOT NULL,
                headers TEXT NOT NULL,
                body BLOB NOT NULL
            );

            CREATE TABLE conversations (
                key TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                account TEXT NOT NULL,
                contact TEXT NOT NULL,
                last_inbound_at INTEGER,
                last_outbound_at INTEGER,
                referral_at INTEGER,
                referral_source TEXT,
                entry_point_opened_at INTEGER,
                opted_out INTEGER NOT NULL DEFAULT 0,
                opted_out_at INTEGER,
                consent_at INTEGER,
                blocked INTEGER NOT NULL DEFAULT 0,
                started INTEGER NOT NULL DEFAULT 0,
                attachment_bytes TEXT NOT NULL DEFAULT '{}',
                private_replied TEXT NOT NULL DEFAULT '[]',
                comments TEXT NOT NULL DEFAULT '{}',
                updated_at INTEGER NOT NULL
            );

            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                event_seq INTEGER NOT NULL REFERENCES events(seq),
                subscriber TEXT NOT NULL,
                conversation TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending',
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                delivered_at INTEGER,
                last_error TEXT,
                UNIQUE(event_seq, subscriber)
            );
            CREATE INDEX deliveries_pending_order ON deliveries(subscriber, conversation, id) WHERE state = 'pending';
            CREATE INDEX deliveries_pending_due ON deliveries(next_attempt_at) WHERE state = 'pending';
            """
        ),
        (
            2,
            // Stored status webhooks by provider message id, for the send that learns its provider id after
            // them: the (provider, provider_message_id) index cannot serve a lookup without the provider,
            // which scanned every event on every send.
            // The (provider, provider_message_id) index then serves no query: dropped, one random index
            // page less to write per stored event.
            """
            CREATE INDEX events_status_by_message ON events(provider_message_id) WHERE kind = 'status';
            DROP INDEX IF EXISTS events_provider_message;
            """
        ),
        (
            3,
            // (conversation, seq) serves no query either (conversations are read from their state row), and it
            // was the costliest index to keep: measured ~15 – 29 µs of SQLite CPU per stored event (one more
            // B-tree page written to the WAL per event in the group). docs/performance.md, "The webhook pipeline under load".
            "DROP INDEX IF EXISTS events_conversation;"
        ),
        (
            4,
            // A quarantined request can be run through the adapters again (`POST /v1/quarantine/{id}/reprocess`):
            // when it last decoded, and into how many events.
            """
            ALTER TABLE quarantine ADD COLUMN reprocessed_at INTEGER;
            ALTER TABLE quarantine ADD COLUMN reprocessed_events INTEGER;
            """
        ),
        (
            5,
            // Deliveries given up on after `delivery.give_up_after_ms` are parked (`state = 'dead'`) with the reason,
            // listed per subscriber and redriven; a redrive restarts the give-up age at `redriven_at`.
            """
            ALTER TABLE deliveries ADD COLUMN dead_at INTEGER;
            ALTER TABLE deliveries ADD COLUMN dead_reason TEXT;
            ALTER TABLE deliveries ADD COLUMN redriven_at INTEGER;
            CREATE INDEX deliveries_dead ON deliveries(subscriber, id) WHERE state = 'dead';
            """
        ),
        (
            6,
            // The account ledger (docs/ledger.md): prepaid wallets and their history, the holds of accepted
            // messages, the messaging-limit reach per portfolio, the operator's contact flags, what providers said
            // about each account, the template catalogs, the imported price table and the audit list.
            // Money is INTEGER micros (millionths of the currency unit), never REAL. `reach` keeps one row per contact a
            // portfolio reached, with the last time (so the 24 h count walks the window without DISTINCT).
            """
            CREATE TABLE wallets (
                id TEXT PRIMARY KEY,
                currency TEXT NOT NULL,
                balance_micros INTEGER NOT NULL,
                held_micros INTEGER NOT NULL DEFAULT 0,
                low_threshold_micros INTEGER,
                low_announced INTEGER NOT NULL DEFAULT 0,
                exhausted_announced INTEGER NOT NULL DEFAULT 0,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE ledger_entries (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                wallet TEXT NOT NULL,
                kind TEXT NOT NULL,
                amount_micros INTEGER NOT NULL,
                balance_after INTEGER NOT NULL,
                held_after INTEGER NOT NULL,
                reason TEXT NOT NULL,
                actor TEXT NOT NULL,
                message_id TEXT,
                category TEXT,
                idempotency_key TEXT,
                at INTEGER NOT NULL
            );
            CREATE INDEX ledger_entries_wallet ON ledger_entries(wallet, seq);
            CREATE UNIQUE INDEX ledger_entries_key ON ledger_entries(wallet, idempotency_key) WHERE idempotency_key IS NOT NULL;
            CREATE TABLE holds (
                message_id TEXT PRIMARY KEY,
                wallet TEXT,
                amount_micros INTEGER NOT NULL,
                category TEXT NOT NULL,
                rates TEXT NOT NULL DEFAULT '{}',
                settles_on TEXT NOT NULL,
                state TEXT NOT NULL,
                attachment_bytes INTEGER NOT NULL DEFAULT 0,
                attachment_month TEXT,
                conversation TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE reach (
                portfolio TEXT NOT NULL,
                conversation TEXT NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX reach_contact ON reach(portfolio, conversation);
            CREATE INDEX reach_window ON reach(portfolio, at);
            CREATE TABLE contact_flags (
                conversation TEXT PRIMARY KEY,
                consent TEXT,
                blocked INTEGER NOT NULL DEFAULT 0,
                blocked_reason TEXT,
                provider_problem TEXT,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE account_status (
                connection TEXT PRIMARY KEY,
                doc TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE templates (
                connection TEXT NOT NULL,
                name TEXT NOT NULL,
                language TEXT NOT NULL,
                status TEXT NOT NULL,
                category TEXT,
                quality TEXT,
                reason TEXT,
                provider_id TEXT,
                header_format TEXT,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (connection, name, language)
            );
            CREATE TABLE template_catalogs (
                connection TEXT PRIMARY KEY,
                synced_at INTEGER,
                last_sync_error TEXT
            );
            CREATE TABLE rate_card (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                doc TEXT NOT NULL,
                imported_at INTEGER,
                imported_by TEXT
            );
            CREATE TABLE audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT
            );
            CREATE INDEX audit_target ON audit(target, seq);
            """
        ),
        (
            7,
            // Every send attempt, stored before its request leaves (docs/operations.md "Several processes"): an
            // attempt number started twice marks a send whose process stopped before recording its outcome.
            """
            CREATE TABLE outbound_attempts (
                message_id TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                process TEXT NOT NULL
            );
            CREATE INDEX outbound_attempts_message ON outbound_attempts(message_id);
            """
        ),
    ]

    /// Applies every migration not yet recorded.
    static func migrate(_ connection: SQLiteConnection) throws(StoreError) {
        try apply(all, track: "schema_migrations", label: "migration", on: connection)
    }

    /// Applies the migrations of one track (`track` is the table recording its applied versions)
    /// that are not yet recorded, each in its own transaction; `label` names the track in errors.
    static func apply(
        _ migrations: [(version: Int, sql: String)], track: String, label: String, on connection: SQLiteConnection
    ) throws(StoreError) {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS \(track) (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        let current = try connection.statement("SELECT COALESCE(MAX(version), 0) FROM \(track)")
        try current.step()
        let applied = Int(current.int64(0))
        current.reset()
        for migration in migrations where migration.version > applied {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(migration.sql)
                try connection.execute("INSERT INTO \(track)(version) VALUES (\(migration.version))")
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw StoreError(code: .migration, message: "\(label) \(migration.version) failed: \(error.message)")
            }
        }
    }
}
