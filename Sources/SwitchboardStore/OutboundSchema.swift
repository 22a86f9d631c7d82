/// The send queue's tables, migrated on their own track (`outbound_schema_migrations`) so they never
/// collide with the event store's numbering. Never edit a shipped migration: add one.
///
/// - `outbound_messages`: one row per accepted message. `idempotency_key` is unique per API key
///   (`api_key_id` is a hash of the key, never the key). `state` is the ``SendStateMachine`` state,
///   `delivery_status` the provider-reported status (only moves forward).
/// - `outbound_history`: every status the message went through (the `GET /v1/messages/{id}` history).
/// - `dead_letters`: messages given up on, with the reason; `redriven_at` is set by a redrive.
enum OutboundSchema {
    static let all: [(version: Int, sql: String)] = [
        (
            1,
            """
            CREATE TABLE outbound_messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                connection TEXT NOT NULL,
                conversation TEXT NOT NULL,
                recipient TEXT NOT NULL,
                api_key_id TEXT NOT NULL,
                idempotency_key TEXT,
                request_hash TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                provider_message_id TEXT,
                delivery_status TEXT NOT NULL DEFAULT 'queued',
                business_initiated INTEGER NOT NULL DEFAULT 0,
                request TEXT NOT NULL,
                decision TEXT NOT NULL,
                last_failure TEXT,
                dead_reason TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE(api_key_id, idempotency_key)
            );
            CREATE INDEX outbound_active ON outbound_messages(conversation, seq)
                WHERE state IN ('queued', 'sending', 'retry_wait');
            CREATE INDEX outbound_due ON outbound_messages(next_attempt_at)
                WHERE state IN ('queued', 'sending', 'retry_wait');
            CREATE INDEX outbound_provider_id ON outbound_messages(provider_message_id) WHERE provider_message_id IS NOT NULL;
            CREATE INDEX outbound_initiated ON outbound_messages(connection, created_at) WHERE business_initiated = 1;

            CREATE TABLE outbound_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                message_id TEXT NOT NULL,
                status TEXT NOT NULL,
                at INTEGER NOT NULL,
                provider_message_id TEXT,
                error_code TEXT,
                message TEXT,
                detail TEXT
            );
            CREATE INDEX outbound_history_message ON outbound_history(message_id, id);

            CREATE TABLE dead_letters (
                message_id TEXT PRIMARY KEY,
                reason TEXT NOT NULL,
                failure TEXT,
                attempts INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                redriven_at INTEGER
            );
            """
        ),
        (
            2,
            // The policy's account facts per send request (the account's contacts, and those reached by
            // business-initiated messages in the last 24 hours) by conversation-key range: both were scans.
            """
            CREATE INDEX outbound_conversation ON outbound_messages(conversation);
            """
        ),
        (
            3,
            // `GET /v1/messages?state=dead|failed` lists what may be redriven, newest first, without scanning
            // every sent message; a message enters these indexes only when it fails for good. One per state: SQLite
            // uses a partial index only when the query repeats its condition (`state = 'dead'`), not an `IN` list.
            """
            CREATE INDEX outbound_dead ON outbound_messages(seq) WHERE state = 'dead';
            CREATE INDEX outbound_failed ON outbound_messages(seq) WHERE state = 'failed';
            """
        ),
        (
            4,
            // `GET /v1/messages?state=refused`: the messages the policy refused at dispatch, newest first, as above.
            """
            CREATE INDEX outbound_refused ON outbound_messages(seq) WHERE state = 'refused';
            """
        ),
    ]

    /// Applies every outbound migration not yet recorded.
    static func migrate(_ connection: SQLiteConnection) throws(StoreError) {
        try SQLiteMigrations.apply(all, track: "outbound_schema_migrations", label: "outbound migration", on: connection)
    }
}
