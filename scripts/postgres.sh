#!/usr/bin/env bash
# Sourced by scripts/test.sh: starts a throwaway PostgreSQL cluster for the store contract tests and
# exports SWITCHBOARD_TEST_POSTGRES_URL for `swift test`. The cluster lives in a temp folder under /tmp
# (data and unix socket), listens on 127.0.0.1:55432 (or the next free port), trusts local connections,
# and is stopped and deleted when the sourcing shell exits.
#
# When PostgreSQL cannot be installed or started, it prints a loud SKIPPED line saying why and returns
# 0: the SQLite side of the contract suite still runs.
#
# Environment:
#   SWITCHBOARD_TEST_POSTGRES_URL  already set: that server is used, nothing is started.
#   SWITCHBOARD_SKIP_POSTGRES=1    start nothing (the Postgres tests are skipped).

postgres_skip() {
    echo "!!!!!! PostgreSQL store tests SKIPPED: $1 (the SQLite store tests still run)" >&2
    unset SWITCHBOARD_TEST_POSTGRES_URL
}

postgres_stop() {
    if [ -n "${SWITCHBOARD_PG_DIR:-}" ] && [ -d "$SWITCHBOARD_PG_DIR" ]; then
        postgres_as_owner "$SWITCHBOARD_PG_BIN/pg_ctl" -D "$SWITCHBOARD_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$SWITCHBOARD_PG_DIR"
    fi
}

# Runs a command as the cluster's owner: the postgres user when we are root (initdb refuses root).
postgres_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# A CA and a server certificate for 127.0.0.1 signed by it, in folder $1 (readable by the cluster's owner only).
postgres_make_certificates() {
    local dir=$1
    command -v openssl >/dev/null || return 1
    mkdir -p "$dir" || return 1
    (
        cd "$dir" || exit 1
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3 -subj "/CN=Switchboard test CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" &&
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext &&
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.crt -days 3 -extfile server.ext
    ) >"$dir/openssl.log" 2>&1 || return 1
    chmod 600 "$dir/server.key"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
}

postgres_start() {
    if [ -n "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ]; then
        echo "postgres: using the given SWITCHBOARD_TEST_POSTGRES_URL"
        return 0
    fi
    if [ "${SWITCHBOARD_SKIP_POSTGRES:-0}" = "1" ]; then
        postgres_skip "SWITCHBOARD_SKIP_POSTGRES=1"
        return 0
    fi
    local started_ns
    started_ns=$(date +%s%N)
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bin" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            postgres_skip "no PostgreSQL server installed and not root to install it (apt-get install postgresql)"
            return 0
        fi
        echo "postgres: installing the postgresql package"
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -qq postgresql >/tmp/switchboard-pg-install.log 2>&1; then
            apt-get update -qq >>/tmp/switchboard-pg-install.log 2>&1 || true
            if ! apt-get install -y -qq postgresql >>/tmp/switchboard-pg-install.log 2>&1; then
                postgres_skip "apt-get install postgresql failed (log: /tmp/switchboard-pg-install.log)"
                return 0
            fi
        fi
        bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
        if [ -z "$bin" ]; then
            postgres_skip "the postgresql package installed no server binaries"
            return 0
        fi
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        postgres_skip "there is no postgres user to own the cluster"
        return 0
    fi

    local port=""
    local candidate
    for candidate in $(seq 55432 55441); do
        if ! (echo >"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            port=$candidate
            break
        fi
    done
    if [ -z "$port" ]; then
        postgres_skip "ports 55432-55441 are all in use"
        return 0
    fi

    SWITCHBOARD_PG_BIN=$bin
    SWITCHBOARD_PG_DIR=$(mktemp -d /tmp/switchboard-pg.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$SWITCHBOARD_PG_DIR"; fi
    trap postgres_stop EXIT

    # fsync off: a throwaway cluster for behaviour tests, not a durability test; it saves seconds per run.
    if ! postgres_as_owner "$bin/initdb" -D "$SWITCHBOARD_PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync \
        >"$SWITCHBOARD_PG_DIR/initdb.log" 2>&1; then
        postgres_skip "initdb failed: $(tail -n 3 "$SWITCHBOARD_PG_DIR/initdb.log" | tr '\n' ' ')"
        return 0
    fi
    # TLS with a throwaway CA, so the tests can check a real handshake against a CA file (tls_ca_file);
    # plain connections still work (sslmode disable). Without openssl the cluster runs without TLS and
    # those tests are skipped.
    local tls_options=""
    if postgres_make_certificates "$SWITCHBOARD_PG_DIR/tls"; then
        tls_options="-c ssl=on -c ssl_cert_file=$SWITCHBOARD_PG_DIR/tls/server.crt -c ssl_key_file=$SWITCHBOARD_PG_DIR/tls/server.key"
        export SWITCHBOARD_TEST_POSTGRES_CA_FILE="$SWITCHBOARD_PG_DIR/tls/ca.pem"
    else
        echo "postgres: no TLS certificates (openssl failed); the TLS tests are skipped" >&2
    fi
    if ! postgres_as_owner "$bin/pg_ctl" -D "$SWITCHBOARD_PG_DIR/data" -l "$SWITCHBOARD_PG_DIR/server.log" -w -t 60 \
        -o "-p $port -k $SWITCHBOARD_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 $tls_options" start >/dev/null 2>&1; then
        postgres_skip "the server did not start: $(tail -n 3 "$SWITCHBOARD_PG_DIR/server.log" 2>/dev/null | tr '\n' ' ')"
        return 0
    fi
    if ! postgres_as_owner "$bin/psql" -h "$SWITCHBOARD_PG_DIR" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE switchboard LOGIN" -c "CREATE DATABASE switchboard_test OWNER switchboard" >/dev/null 2>&1; then
        postgres_skip "cannot create the switchboard role and database"
        return 0
    fi
    export SWITCHBOARD_TEST_POSTGRES_URL="postgres://switchboard@127.0.0.1:$port/switchboard_test"
    local elapsed_ms=$((($(date +%s%N) - started_ns) / 1000000))
    echo "postgres: throwaway cluster on 127.0.0.1:$port ready in ${elapsed_ms} ms ($SWITCHBOARD_TEST_POSTGRES_URL)"
}

postgres_start
