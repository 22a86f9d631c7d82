/// Migration 7 of the PostgreSQL store: the account ledger (docs/ledger.md), the same tables as the SQLite
/// store's ledger migration. Money is BIGINT micros (``Money``), times epoch milliseconds.
///
/// - `wallets`: one row per prepaid wallet, its balance and held total; accepts and settlements lock it
///   (`FOR UPDATE`), so concurrent accepts on any number of nodes see each other's holds.
/// - `ledger_entries`: every change of a wallet, never updated; an operator's idempotency key is unique per wallet.
/// - `holds`: what each accepted message reserved (money, attachment bytes) until it is settled or released.
/// - `reach`: conversations reached outside the service window, per portfolio (the messaging limit's rolling 24 h).
/// - `account_status`, `templates`, `template_catalogs`, `contact_flags`: what the provider and the operator said
///   (documents in `doc`, `consent`, `provider_problem` are written by ``LedgerStoredJSON``, as on SQLite).
/// - `rate_card`: the imported price table (one row).
/// - `audit`: the operator's actions that move no money.
extension PostgresMigrations {
    static let ledger: [String] = [
        """
        CREATE TABLE wallets (
            id TEXT PRIMARY KEY,
            currency TEXT NOT NULL,
            balance_micros BIGINT NOT NULL,
            held_micros BIGINT NOT NULL DEFAULT 0,
            low_threshold_micros BIGINT,
            low_announced BOOLEAN NOT NULL DEFAULT FALSE,
            exhausted_announced BOOLEAN NOT NULL DEFAULT FALSE,
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE ledger_entries (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            wallet TEXT NOT NULL,
            kind TEXT NOT NULL,
            amount_micros BIGINT NOT NULL,
            balance_after BIGINT NOT NULL,
            held_after BIGINT NOT NULL,
            reason TEXT NOT NULL,
            actor TEXT NOT NULL,
            message_id TEXT,
            category TEXT,
            idempotency_key TEXT,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX ledger_entries_wallet ON ledger_entries(wallet, seq)",
        "CREATE UNIQUE INDEX ledger_entries_key ON ledger_entries(wallet, idempotency_key) WHERE idempotency_key IS NOT NULL",
        """
        CREATE TABLE holds (
            message_id TEXT PRIMARY KEY,
            wallet TEXT,
            amount_micros BIGINT NOT NULL,
            category TEXT NOT NULL,
            rates TEXT NOT NULL DEFAULT '{}',
            settles_on TEXT NOT NULL,
            state TEXT NOT NULL,
            attachment_bytes BIGINT NOT NULL DEFAULT 0,
            attachment_month TEXT,
            conversation TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE reach (
            portfolio TEXT NOT NULL,
            conversation TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX reach_window ON reach(portfolio, at)",
        """
        CREATE TABLE contact_flags (
            conversation TEXT PRIMARY KEY,
            consent TEXT,
            blocked BOOLEAN NOT NULL DEFAULT FALSE,
            blocked_reason TEXT,
            provider_problem TEXT,
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE account_status (
            connection TEXT PRIMARY KEY,
            doc TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        """
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
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (connection, name, language)
        )
        """,
        """
        CREATE TABLE template_catalogs (
            connection TEXT PRIMARY KEY,
            synced_at BIGINT,
            last_sync_error TEXT
        )
        """,
        """
        CREATE TABLE rate_card (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            doc TEXT NOT NULL,
            imported_at BIGINT,
            imported_by TEXT
        )
        """,
        """
        CREATE TABLE audit (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT
        )
        """,
        "CREATE INDEX audit_target ON audit(target, seq)",
    ]
}
