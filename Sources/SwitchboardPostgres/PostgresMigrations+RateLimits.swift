/// Migration 9 of the PostgreSQL store: the rate limits every node shares (``PostgresRateLimitStore``).
///
/// - `rate_limits`: one row per ``RateCell`` key (a connection, or a connection and one recipient) holding the
///   generic cell-rate algorithm's theoretical arrival time, `tat`, in microseconds of the database's clock. A
///   missing row and a row whose `tat` has passed mean the same (a full bucket), so old rows may be deleted at any
///   time. `UNLOGGED`: no WAL and no flush per send; after a server crash the table comes back empty (every
///   bucket full again once).
/// - `switchboard_rate_acquire(keys, intervals, tolerances, lead, horizon)`: locks each key's row in the order
///   given (callers sort the keys, so two calls never deadlock), creating missing ones, and reads the clock once
///   every row is locked. The message's slot is the earliest instant every cell allows (`tat - tolerance`), and at
///   least `lead` from now (the time a node takes to get the request ready). When it is at most `horizon` ahead, every `tat` moves one interval past the slot and the answer is
///   `{microseconds until the slot}`. Otherwise nothing changes and the answer is `{-1, w1, w2, …}`: per
///   key, the microseconds until it allows a slot within the horizon again.
extension PostgresMigrations {
    static let rateLimits: [String] = [
        "CREATE UNLOGGED TABLE rate_limits (key TEXT PRIMARY KEY, tat BIGINT NOT NULL)",
        """
        CREATE FUNCTION switchboard_rate_acquire(keys TEXT[], intervals BIGINT[], tolerances BIGINT[], lead BIGINT, horizon BIGINT)
        RETURNS BIGINT[] LANGUAGE plpgsql AS $$
        DECLARE
            tats BIGINT[] := ARRAY[]::BIGINT[];
            waits BIGINT[] := ARRAY[-1]::BIGINT[];
            current_tat BIGINT;
            now_us BIGINT;
            slot BIGINT;
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
            slot := now_us + lead;
            FOR i IN 1 .. n LOOP
                slot := greatest(slot, tats[i] - tolerances[i]);
            END LOOP;
            IF slot - now_us > horizon THEN
                FOR i IN 1 .. n LOOP
                    waits := waits || greatest(0, tats[i] - tolerances[i] - horizon - now_us);
                END LOOP;
                RETURN waits;
            END IF;
            FOR i IN 1 .. n LOOP
                UPDATE rate_limits SET tat = greatest(tats[i], slot) + intervals[i] WHERE key = keys[i];
            END LOOP;
            RETURN ARRAY[slot - now_us];
        END
        $$
        """,
    ]
}
