#!/usr/bin/env bash
# The agent API against its own OpenAPI document: schemathesis (pinned, from PyPI, in .venv-conformance/) runs every
# check against a live `switchboard serve` on loopback, with a bounded number of examples per operation and the
# stateful phase that follows the document's links (send a message, read it, redrive it). Fails on any failure.
#
#   scripts/conformance.sh                 # uses .build/debug/switchboard (scripts/test.sh builds it)
#   CONFORMANCE_EXAMPLES=50 scripts/conformance.sh   # more examples per operation (default 40)
#   SWITCHBOARD_BINARY=.build/release/switchboard scripts/conformance.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
EXAMPLES="${CONFORMANCE_EXAMPLES:-40}"
BINARY="${SWITCHBOARD_BINARY:-.build/debug/switchboard}"
VENV=.venv-conformance
API_KEY=demo-api-key

if [ ! -x "$BINARY" ]; then
    echo "no $BINARY: build it first (swift build)" >&2
    exit 1
fi
if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
    echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Two free loopback ports (the gateway's and the mock provider's), from the kernel.
read -r port mock_port < <("$VENV/bin/python" -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks: s.close()')

# The embedded demo configuration (connections on every channel, all sending to the mock provider that serve runs
# beside the gateway; the API key demo-api-key), on free ports and a throwaway data folder.
"$BINARY" config default \
    | sed -e "s#127.0.0.1:8080#127.0.0.1:$port#g" -e "s#127.0.0.1:8090#127.0.0.1:$mock_port#g" \
        -e "s#\./switchboard-data/#$work/data/#g" >"$work/switchboard.yaml"
mkdir -p "$work/data"

echo "== switchboard serve on 127.0.0.1:$port (mock provider on $mock_port)"
"$BINARY" serve --config "$work/switchboard.yaml" >"$work/serve.log" 2>&1 &
server_pid=$!

echo "== schemathesis $SCHEMATHESIS_VERSION: every check, at most $EXAMPLES examples per operation, stateful links"
status=0
"$VENV/bin/schemathesis" --no-color --config-file scripts/conformance.toml run "http://127.0.0.1:$port/openapi.json" \
    --wait-for-schema 60 \
    --checks all \
    --header "Authorization: Bearer $API_KEY" \
    --max-examples "$EXAMPLES" \
    --phases examples,coverage,fuzzing,stateful \
    --seed "${CONFORMANCE_SEED:-22}" \
    --workers 1 \
    --report junit --report-dir "$work/report" \
    >"$work/schemathesis.log" 2>&1 || status=$?
cat "$work/schemathesis.log"
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "switchboard serve died during the run; its log:" >&2
    tail -n 40 "$work/serve.log" >&2
    status=1
fi

# One summary line: test cases and failures from the JUnit report.
"$VENV/bin/python" - "$work/report" "$work/schemathesis.log" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
tests = failures = errors = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.xml"):
    for suite in ET.parse(path).getroot().iter("testsuite"):
        tests += int(suite.get("tests", 0)); failures += int(suite.get("failures", 0))
        errors += int(suite.get("errors", 0)); skipped += int(suite.get("skipped", 0))
import re
log = open(sys.argv[2]).read()
cases = re.search(r"(\d+) generated", log)
print(f"conformance: {cases.group(1) if cases else '?'} generated cases, {tests} operations, {failures} failed, "
      f"{errors} errors, {skipped} skipped")
PY
if [ "$status" -ne 0 ]; then
    echo "conformance failed: the server or the document (Sources/SwitchboardServer/SendAPI/openapi.yaml) is wrong" >&2
    exit "$status"
fi
