#!/usr/bin/env bash
# Ingest A/B: the full webhook pipeline (POST /webhooks/meta/demo-wa, verify, normalize, group commit, 200) of two
# `switchboard` binaries, measured in one run with the same signed webhooks (distinct message ids), rounds
# alternating A and B so a slow period of the host hits both. Prints each round, then the median rate of each and
# the median of the per-round ratios B / A.
# Usage: Benchmarks/load/compare.sh BINARY_A BINARY_B [duration-seconds] [connections] [rounds]
#   e.g. A = a release build of the previous main, B = .build/release/switchboard
set -euo pipefail
cd "$(dirname "$0")/../.."
A=$1
B=$2
DURATION=${3:-10}
CONNECTIONS=${4:-64}
ROUNDS=${5:-5}
THREADS=2
PORT=18089

command -v wrk >/dev/null || {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
}
WORK=$(mktemp -d)
SERVER_PID=""
trap 'if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

# One set of message ids per round and binary: no id is ever sent twice, so no request is a duplicate.
for round in $(seq "$ROUNDS"); do
  python3 Benchmarks/load/generate_webhooks.py 150000 demo-app-secret $((round * 1000000)) > "$WORK/a-$round.tsv"
  python3 Benchmarks/load/generate_webhooks.py 150000 demo-app-secret $((round * 1000000 + 500000)) > "$WORK/b-$round.tsv"
done

# Runs one binary on a fresh database for one round; prints its requests per second.
measure() { # binary webhooks-file name
  rm -f "$WORK"/bench.db*
  sed -e "s#^listen: .*#listen: 127.0.0.1:$PORT#" -e "s#sqlite: .*#sqlite: $WORK/bench.db#" <("$1" config default) > "$WORK/bench.yaml"
  printf 'log_level: warning\n' >> "$WORK/bench.yaml"
  "$1" serve --config "$WORK/bench.yaml" 2> "$WORK/$3.log" & SERVER_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  WEBHOOKS="$2" THREADS=$THREADS TARGET_PATH=/webhooks/meta/demo-wa DELAY_MS=0 \
    wrk -t$THREADS -c"$CONNECTIONS" -d"${DURATION}s" -s Benchmarks/load/webhooks.lua \
    "http://127.0.0.1:$PORT/webhooks/meta/demo-wa" > "$WORK/$3.txt"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  awk '/Requests\/sec/ {print $2}' "$WORK/$3.txt"
}

lines=()
for round in $(seq "$ROUNDS"); do
  if ((round % 2)); then
    a=$(measure "$A" "$WORK/a-$round.tsv" a); b=$(measure "$B" "$WORK/b-$round.tsv" b)
  else
    b=$(measure "$B" "$WORK/b-$round.tsv" b); a=$(measure "$A" "$WORK/a-$round.tsv" a)
  fi
  echo "round $round: A $a req/s, B $b req/s, B/A $(python3 -c "print(f'{$b / $a:.3f}')")"
  lines+=("$a $b")
done
printf '%s\n' "${lines[@]}" | python3 -c '
import statistics, sys
rows = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
a = statistics.median(r[0] for r in rows); b = statistics.median(r[1] for r in rows)
ratios = sorted(r[1] / r[0] for r in rows)
print(f"median A {a:.0f} req/s, B {b:.0f} req/s; B/A per round: median {statistics.median(ratios):.3f} (range {ratios[0]:.3f} - {ratios[-1]:.3f})")
'
