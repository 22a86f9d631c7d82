/// Migration 9 of the PostgreSQL store: the rate limits every node shares (``PostgresRateLimitStore``).
///
/// - `rate_limits`: one row per ``RateCell`` key (a connection, or a connection and one recipient) holding the
///   generic cell-rate algorithm's theoretical arrival time, `tat`, in microseconds of the database's clock. A
///   missing row and a row whose `tat` has passed mean the same (a full bucket), so old rows may be deleted at any
///   time. `UNLOGGED`: no WAL and no flush per send; after a server crash the table comes back empty (every
///   bucket full again once).
/// - `switchboard_rate_acquire(keys, intervals, tolerances)`: locks each key's row in the order given (callers
///   sort the keys, so two calls never deadlock), creating missing ones, reads the clock once every row is locked,
///   and either moves every `tat` one interval on (all cells allow the message) or changes nothing. Returns, per
///   key, how many microseconds remain before it allows a message (all zero: granted).
extension PostgresMigrations {
    static let rateLimits: [String] = [
        "CREATE UNLOGGED TABLE rate_limits (key TEXT PRIMARY KEY, tat BIGINT NOT NULL)",
        """
        CREATE FUNCTION switchboard_rate_acquire(keys TEXT[], intervals BIGINT[], tolerances BIGINT[]) RETURNS BIGINT[]
        LANGUAGE plpgsql AS $$
        DECLARE
            tats BIGINT[] := ARRAY[]::BIGINT[];
            waits BIGINT[] := ARRAY[]::BIGINT[];
            current_tat BIGINT;
            now_us BIGINT;
            blocked BOOLEAN := FALSE;
            n INTEGER := coalesce(array_length(keys, 1), 0);
        BEGIN
            FOR i IN 1 .. n LOOP
                LOOP
                    SELECT tat INTO current_tat FROM rate_limits WHERE key = keys[i] FOR UPDATE;
                    EXIT WHEN FOUND;
                    INSERT INTO rate_limits (key, tat) VALUES (keys[i], 0) ON CONFLICT (key) DO NOTHING;
                END LOOP;
                tats := tats || current_tat;
            END LOOP;
            now_us := (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT;
            FOR i IN 1 .. n LOOP
                waits := waits || greatest(0, tats[i] - tolerances[i] - now_us);
                IF tats[i] - tolerances[i] > now_us THEN
                    blocked := TRUE;
                END IF;
            END LOOP;
            IF NOT blocked THEN
                FOR i IN 1 .. n LOOP
                    UPDATE rate_limits SET tat = greatest(tats[i], now_us) + intervals[i] WHERE key = keys[i];
                END LOOP;
            END IF;
            RETURN waits;
        END
        $$
        """,
    ]
}
