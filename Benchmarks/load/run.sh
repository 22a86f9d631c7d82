#!/usr/bin/env bash
# Load test: signed ~1 KB WhatsApp webhooks (distinct message ids) against
#   (1) switchboard serve, full pipeline (verify, normalize, group commit with synchronous=FULL, 200),
#   (a) the same webhooks POSTed to a path no route serves on the same server (the router's 404: HTTP and
#       the router with no work, the framework's ceiling; see README.md),
#   (b) nginx `return 200` (the machine's ceiling),
# in one run, then the ratios, p50/p99 at half the peak rate (fixed offered rate: we
# pace wrk with the Lua delay() hook: N connections each waiting DELAY ms between requests) and the
# server's peak RSS.
# Usage: Benchmarks/load/run.sh [duration-seconds] [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
CONNECTIONS=${2:-64}
ROUNDS=${3:-3}
THREADS=2
PORT=18089

missing=()
for tool in wrk nginx; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

swift build -c release --product switchboard >/dev/null
BIN=.build/release/switchboard
WORK=$(mktemp -d)
trap 'kill $SERVER_PID $NGINX_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

# One set of message ids per round and per load level: no id is ever sent twice, so no request takes the
# deduplication shortcut (wrk starts each run at the top of its file).
for round in $(seq "$ROUNDS"); do
  python3 Benchmarks/load/generate_webhooks.py 250000 demo-app-secret $((round * 1000000)) > "$WORK/webhooks-$round.tsv"
  python3 Benchmarks/load/generate_webhooks.py 100000 demo-app-secret $((round * 1000000 + 500000)) > "$WORK/webhooks-low-$round.tsv"
done
sed -e "s#^listen: .*#listen: 127.0.0.1:$PORT#" -e "s#sqlite: .*#sqlite: $WORK/bench.db#" \
  <("$BIN" config default) > "$WORK/bench.yaml"
printf 'log_level: warning\n' >> "$WORK/bench.yaml"

"$BIN" serve --config "$WORK/bench.yaml" 2> "$WORK/serve.log" & SERVER_PID=$!
nginx -c "$PWD/Benchmarks/load/nginx.conf" & NGINX_PID=$!
sleep 2

run() { # name url-path host:port connections [webhooks file] [delay ms per request per connection]
  WEBHOOKS="${5:-$WORK/webhooks-1.tsv}" THREADS=$THREADS TARGET_PATH="$2" DELAY_MS="${6:-0}" \
    wrk -t$THREADS -c"$4" -d"${DURATION}s" --latency -s Benchmarks/load/webhooks.lua "http://$3$2" > "$WORK/$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
  echo "$1 $rps $(grep -E 'p50_ms|non2xx' "$WORK/$1.txt" | tr '\n' ' ')"
}

# Rounds alternate the routes, so a slow period of the host hits all of them; figures are medians of the
# rounds (with their range), and each ratio is taken within its round.
# CPU time the hypervisor gave to other guests (steal), from /proc/stat: a run with much of it measured a
# slower machine than it looked, and its ratios and percentiles are noise.
cpu_times() { awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
read -r cpu_total_start cpu_steal_start < <(cpu_times)
requests_of() { echo "$1" | grep -o 'requests=[0-9]*' | cut -d= -f2; }
sent=0
peak_lines=(); for round in $(seq "$ROUNDS"); do
  full=$(run full /webhooks/meta/demo-wa 127.0.0.1:$PORT "$CONNECTIONS" "$WORK/webhooks-$round.tsv")
  baseline=$(run baseline /baseline 127.0.0.1:$PORT "$CONNECTIONS")
  nginx_line=$(run nginx /webhooks/meta/demo-wa 127.0.0.1:18090 "$CONNECTIONS")
  echo "round $round: $full | $baseline | $nginx_line"
  sent=$((sent + $(requests_of "$full")))
  peak_lines+=("$(for line in "$full" "$baseline" "$nginx_line"; do echo "$line" | awk '{printf "%s ", $2}'; done)")
done
f=$(printf '%s\n' "${peak_lines[@]}" | python3 Benchmarks/load/medians.py peak)
# Half the peak rate, offered at a fixed pace: each connection sends, then waits DELAY ms on average.
DELAY=50
half_connections=$(python3 -c "print(max($THREADS, round($f / 2 * $DELAY / 1000)))")
half_lines=(); for round in $(seq "$ROUNDS"); do
  half=$(run full-half /webhooks/meta/demo-wa 127.0.0.1:$PORT "$half_connections" "$WORK/webhooks-low-$round.tsv" $DELAY)
  # The same offered rate against the baseline: the latency HTTP, the router, this machine and wrk add.
  baseline_half=$(run baseline-half /baseline 127.0.0.1:$PORT "$half_connections" "$WORK/webhooks-low-$round.tsv" $DELAY)
  # And against nginx: the latency floor of this machine and wrk at that rate, with no Swift at all.
  nginx_half=$(run nginx-half /webhooks/meta/demo-wa 127.0.0.1:18090 "$half_connections" "$WORK/webhooks-low-$round.tsv" $DELAY)
  echo "half-peak round $round: $half | $baseline_half | $nginx_half"
  sent=$((sent + $(requests_of "$half")))
  half_lines+=("$half $baseline_half $nginx_half")
done
rss=$(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$SERVER_PID/status)
stored=$(sqlite3 "$WORK/bench.db" "select count(*) from events" 2>/dev/null || echo "?")

printf '%s\n' "${peak_lines[@]}" | python3 Benchmarks/load/medians.py report
echo "half peak: offered $half_connections connections x 1 request per ${DELAY} ms on average (jittered)"
printf '%s\n' "${half_lines[@]}" | python3 Benchmarks/load/medians.py half
echo "webhooks answered (each a distinct message id): $sent; events stored: $stored; peak RSS of serve: $rss"
read -r cpu_total_end cpu_steal_end < <(cpu_times)
echo "CPU stolen by the hypervisor during the run: $(python3 -c "print(f'{100 * ($cpu_steal_end - $cpu_steal_start) / max(1, $cpu_total_end - $cpu_total_start):.0f} %')")"
# The floor under every durable latency figure above: one fdatasync per commit group.
python3 Benchmarks/load/fsync_probe.py "$WORK"
# The floor under the throughput: what SQLite alone spends per webhook (its event row and its conversation's state
# row, synchronous=FULL, as many per commit as there are connections), against what "full >= 70 % of (a)" leaves
# per webhook beyond the baseline's own work, in CPU time on this machine's cores.
if cc -O2 -o "$WORK/sqlite_floor" Benchmarks/storage-floor/sqlite_floor.c -lsqlite3 2>/dev/null; then
  floor=$("$WORK/sqlite_floor" webhook "$CONNECTIONS" 100000 "$WORK/floor.db")
  printf '%s\n' "${peak_lines[@]}" | python3 Benchmarks/load/medians.py budget "$(nproc)" "$floor"
else
  echo "storage floor: not measured (needs cc and SQLite's headers)"
fi
