#!/usr/bin/env bash
# Coverage-guided fuzzing of the decoders with libFuzzer (docs/fuzzing.md).
#
#   scripts/fuzz.sh TARGET SECONDS   fuzz one target for SECONDS (scripts/fuzz.sh list names the targets)
#   scripts/fuzz.sh all SECONDS      every target in turn, SECONDS each
#   scripts/fuzz.sh list             the target names
#
# Builds Fuzz/ (its own package) with -sanitize=fuzzer,address into .build-fuzz/ when a source changed, writes the
# seed corpora from fixtures/ and JSONTestSuite into Fuzz/seeds/, and keeps the inputs the fuzzer adds in
# Fuzz/corpus/TARGET/ (all three git-ignored). Prints each run's executions per second. A crash, a failed round-trip
# check, an input slower than FUZZ_INPUT_TIMEOUT seconds (default 10) or an out-of-memory leaves the input in
# Fuzz/crashes/TARGET/ and fails the script; `.build-fuzz/debug/switchboard-fuzz TARGET FILE` replays it.
#
# FUZZ_CONFIGURATION=release builds with optimization: a longer build (about 8 minutes cold instead of 5) and 2 to 7
# times the executions per second, for long runs. The default, debug, is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: scripts/fuzz.sh TARGET|all SECONDS | list" >&2
    exit 2
}

configuration=${FUZZ_CONFIGURATION:-debug}
[[ "$configuration" =~ ^(debug|release)$ ]] || usage
binary=.build-fuzz/$configuration/switchboard-fuzz
build() {
    # lld: gold fails on the sanitizers' debug information. A no-op when nothing changed.
    swift build --package-path Fuzz --scratch-path .build-fuzz -c "$configuration" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product switchboard-fuzz 2>&1 |
        grep -E "error|warning: |Build of" | grep -vE "Cannot export local symbol|swift-distributed-tracing" || true
    test "${PIPESTATUS[0]}" -eq 0
}

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then
    build >/dev/null
    "$binary" list
    exit 0
fi
[ $# -eq 2 ] || usage
target=$1
seconds=$2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

echo "== fuzz: build (Fuzz/ with -sanitize=fuzzer,address, $configuration)"
build
targets=$("$binary" list)
if [ "$target" = all ]; then
    selected=$targets
elif grep -qx -- "$target" <<<"$targets"; then
    selected=$target
else
    echo "unknown target '$target'; the targets: $(echo $targets)" >&2
    exit 2
fi

# Leaks are not checked: the Swift runtime's caches stay allocated by design and would be reported.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
# The Swift runtime's crash backtracer reads memory the sanitizer then reports as a second, spurious error.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
"$binary" seed fixtures Tests/SwitchboardCoreTests/JSONTestSuite/test_parsing Fuzz/seeds >/dev/null
mkdir -p .build-fuzz/logs

status=0
for name in $selected; do
    mkdir -p "Fuzz/corpus/$name" "Fuzz/crashes/$name"
    log=.build-fuzz/logs/$name.log
    before=$(find "Fuzz/crashes/$name" -type f | wc -l)
    # The first folder receives new inputs; the seeds are read only.
    run_status=0
    "$binary" "$name" "Fuzz/corpus/$name" "Fuzz/seeds/$name" \
        -max_total_time="$seconds" -timeout="${FUZZ_INPUT_TIMEOUT:-10}" -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="Fuzz/crashes/$name/" -print_final_stats=1 >"$log" 2>&1 || run_status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    added=$(sed -n 's/^stat::new_units_added: *//p' "$log")
    after=$(find "Fuzz/crashes/$name" -type f | wc -l)
    if [ "$run_status" -ne 0 ] || [ "$after" -gt "$before" ]; then
        echo "fuzz $name: FAILED after ${runs:-?} runs (exit $run_status); the input is in Fuzz/crashes/$name/, log: $log" >&2
        grep -E "ERROR|Fatal error|SUMMARY|Test unit written|==[0-9]+==|^    #[0-9] " "$log" | head -30 >&2 || tail -30 "$log" >&2
        status=1
    else
        echo "fuzz $name: ${runs:-?} runs in ${seconds}s, ${rate:-?} exec/s, ${added:-0} new inputs, 0 crashes"
    fi
done
exit "$status"
