/// Migration 2 of the PostgreSQL store: the send queue, SQLite's `OutboundSchema` (its migrations 1 and 2)
/// with PostgreSQL types, plus the claim columns several nodes need.
///
/// - `claimed_by`, `claimed_until`: the node whose dispatcher holds the message (a random id per store
///   instance) and until when. ``PostgresEventStore/dueOutbound(now:limit:excluding:)`` sets them; every
///   applied transition clears them. Another node ignores the message (and so the rest of its
///   conversation) until `claimed_until` has passed.
/// - Conversation ranges (the policy's account facts) compare keys byte-wise: the indexes on
///   `conversation` and `conversations.key` are in the `"C"` collation, as the queries are, whatever the
///   database's default collation.
extension PostgresMigrations {
    static let outbound: [String] = [
        """
        CREATE TABLE outbound_messages (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            connection TEXT NOT NULL,
            conversation TEXT NOT NULL,
            recipient TEXT NOT NULL,
            api_key_id TEXT NOT NULL,
            idempotency_key TEXT,
            request_hash TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL,
            provider_message_id TEXT,
            delivery_status TEXT NOT NULL DEFAULT 'queued',
            business_initiated BOOLEAN NOT NULL DEFAULT FALSE,
            request TEXT NOT NULL,
            decision TEXT NOT NULL,
            last_failure TEXT,
            dead_reason TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            claimed_by TEXT,
            claimed_until BIGINT,
            UNIQUE (api_key_id, idempotency_key)
        )
        """,
        "CREATE INDEX outbound_active ON outbound_messages(conversation, seq) WHERE state IN ('queued', 'sending', 'retry_wait')",
        "CREATE INDEX outbound_due ON outbound_messages(next_attempt_at) WHERE state IN ('queued', 'sending', 'retry_wait')",
        "CREATE INDEX outbound_claimed ON outbound_messages(claimed_until) WHERE claimed_until IS NOT NULL",
        "CREATE INDEX outbound_provider_id ON outbound_messages(provider_message_id) WHERE provider_message_id IS NOT NULL",
        "CREATE INDEX outbound_initiated ON outbound_messages(connection, created_at) WHERE business_initiated",
        #"CREATE INDEX outbound_conversation ON outbound_messages(conversation COLLATE "C")"#,
        #"CREATE INDEX conversations_key_bytes ON conversations(key COLLATE "C")"#,
        """
        CREATE TABLE outbound_history (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            message_id TEXT NOT NULL,
            status TEXT NOT NULL,
            at BIGINT NOT NULL,
            provider_message_id TEXT,
            error_code TEXT,
            message TEXT,
            detail TEXT
        )
        """,
        "CREATE INDEX outbound_history_message ON outbound_history(message_id, id)",
        """
        CREATE TABLE dead_letters (
            message_id TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            failure TEXT,
            attempts INTEGER NOT NULL,
            created_at BIGINT NOT NULL,
            redriven_at BIGINT
        )
        """,
    ]
}
