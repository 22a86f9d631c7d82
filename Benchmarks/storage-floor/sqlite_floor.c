// The storage floor: what SQLite alone costs, on this machine, per durably committed row, with the store's
// settings (WAL, synchronous=FULL) and group commit, and nothing else (no HTTP, no Swift, no normalizing).
// A lower bound for the gateway's full pipeline (one event row per webhook) and for the durable send queue
// (a message is enqueued, claimed and marked sent: three commits). Prints CPU (user + system) and wall time
// per row or message, so the benchmarks can say how much of a target's budget storage alone already takes.
//
//   cc -O2 -o sqlite_floor sqlite_floor.c -lsqlite3
//   ./sqlite_floor events GROUP COUNT PATH   one ~1.2 KB event row with a random unique id per webhook
//   ./sqlite_floor webhook GROUP COUNT PATH  the same, plus its conversation's state row (upsert; 10 000
//                                            contacts, as Benchmarks/load's webhooks)
//   ./sqlite_floor queue GROUP COUNT PATH    insert, claim (update), sent (update) per message, each a commit
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite_floor: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(sqlite3 *db, const char *sql) { check(sqlite3_exec(db, sql, 0, 0, 0), db, sql); }

static double seconds(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

static void run(sqlite3_stmt *stmt, sqlite3 *db) {
    check(sqlite3_step(stmt), db, sqlite3_sql(stmt));
    sqlite3_reset(stmt);
}

/// A deterministic pseudo-random 32-hex-digit id (like the gateway's event ids: a hash, so index inserts are
/// spread over the whole index).
static void random_id(unsigned long long *state, char out[33]) {
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        out[i] = hex[(*state >> 59) & 15];
    }
    out[32] = 0;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: sqlite_floor events|webhook|queue GROUP COUNT PATH\n");
        return 64;
    }
    int queue = strcmp(argv[1], "queue") == 0, conversations = strcmp(argv[1], "webhook") == 0;
    int group = atoi(argv[2]), count = atoi(argv[3]);
    const char *path = argv[4];
    char name[4096];
    unlink(path);
    snprintf(name, sizeof name, "%s-wal", path); unlink(name);
    snprintf(name, sizeof name, "%s-shm", path); unlink(name);

    sqlite3 *db;
    check(sqlite3_open(path, &db), db, "open");
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    exec(db, "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, conversation TEXT,"
             " kind TEXT NOT NULL, received_at INTEGER NOT NULL, json TEXT NOT NULL);"
             "CREATE TABLE outbound (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, conversation TEXT NOT NULL,"
             " state TEXT NOT NULL, provider_id TEXT, body TEXT NOT NULL, updated_at INTEGER NOT NULL);"
             "CREATE TABLE conversations (key TEXT PRIMARY KEY, channel TEXT NOT NULL, contact TEXT NOT NULL,"
             " last_inbound_at INTEGER, attachment_bytes TEXT NOT NULL DEFAULT '{}', updated_at INTEGER NOT NULL);");
    sqlite3_stmt *insert_event, *upsert_conversation, *insert_message, *claim, *sent;
    check(sqlite3_prepare_v2(db, "INSERT INTO events (id, conversation, kind, received_at, json) VALUES (?1, ?2, 'message', ?3, ?4)",
                             -1, &insert_event, 0), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO conversations (key, channel, contact, last_inbound_at, updated_at)"
                             " VALUES (?1, 'whatsapp', ?2, ?3, ?3) ON CONFLICT (key) DO UPDATE SET"
                             " last_inbound_at = excluded.last_inbound_at, updated_at = excluded.updated_at",
                             -1, &upsert_conversation, 0), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO outbound (id, conversation, state, body, updated_at) VALUES (?1, ?2, 'queued', ?3, ?4)",
                             -1, &insert_message, 0), db, "prepare");
    check(sqlite3_prepare_v2(db, "UPDATE outbound SET state = 'sending', updated_at = ?2 WHERE seq = ?1", -1, &claim, 0), db, "prepare");
    check(sqlite3_prepare_v2(db, "UPDATE outbound SET state = 'sent', provider_id = ?2, updated_at = ?3 WHERE seq = ?1",
                             -1, &sent, 0), db, "prepare");

    char json[1201];
    memset(json, 'x', 1200);
    json[1200] = 0;
    unsigned long long state = 42;
    char id[33], conversation[64];
    struct rusage r0, r1;
    struct timespec t0, t1;
    getrusage(RUSAGE_SELF, &r0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int start = 0; start < count; start += group) {
        int end = start + group < count ? start + group : count;
        exec(db, "BEGIN");
        for (int i = start; i < end; i++) {
            random_id(&state, id);
            snprintf(conversation, sizeof conversation, "whatsapp:106540352242922:1650555%04d", i % 10000);
            sqlite3_stmt *insert = queue ? insert_message : insert_event;
            sqlite3_bind_text(insert, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, conversation, -1, SQLITE_TRANSIENT);
            if (queue) {
                sqlite3_bind_text(insert, 3, json, 300, SQLITE_STATIC);
                sqlite3_bind_int64(insert, 4, i);
            } else {
                sqlite3_bind_int64(insert, 3, i);
                sqlite3_bind_text(insert, 4, json, -1, SQLITE_STATIC);
            }
            run(insert, db);
            if (conversations) {
                sqlite3_bind_text(upsert_conversation, 1, conversation, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(upsert_conversation, 2, conversation + 25, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(upsert_conversation, 3, i);
                run(upsert_conversation, db);
            }
        }
        exec(db, "COMMIT");
        if (!queue) continue;
        // The claim before the send, then the outcome after it: each its own durable commit, as a queue that
        // never sends twice and never loses a send needs.
        exec(db, "BEGIN");
        for (int i = start; i < end; i++) {
            sqlite3_bind_int64(claim, 1, i + 1);
            sqlite3_bind_int64(claim, 2, i);
            run(claim, db);
        }
        exec(db, "COMMIT");
        exec(db, "BEGIN");
        for (int i = start; i < end; i++) {
            random_id(&state, id);
            sqlite3_bind_int64(sent, 1, i + 1);
            sqlite3_bind_text(sent, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(sent, 3, i);
            run(sent, db);
        }
        exec(db, "COMMIT");
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    getrusage(RUSAGE_SELF, &r1);
    double user = (seconds(r1.ru_utime) - seconds(r0.ru_utime)) * 1e6 / count;
    double sys = (seconds(r1.ru_stime) - seconds(r0.ru_stime)) * 1e6 / count;
    double wall = ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) * 1e6 / count;
    printf("%s group=%d count=%d cpu_us=%.1f user_us=%.1f sys_us=%.1f wall_us=%.1f\n", argv[1], group, count,
           user + sys, user, sys, wall);
    sqlite3_close(db);
    return 0;
}
