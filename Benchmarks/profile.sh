#!/bin/sh
# Instructions per byte (callgrind) for one provider and mode, counted inside the measured loop only:
#   ./profile.sh <provider> <mode> [iterations]     (modes: see Profile/NormalizeProfile/main.swift)
# Stable on a loaded machine, unlike wall time. Needs valgrind and a release build first:
#   swift build -c release --product NormalizeProfile
# Set KEEP=file to keep the callgrind profile (for callgrind_annotate).
set -eu
provider=$1 mode=$2 iterations=${3:-10}
# Valgrind cannot read the DWARF 5 debug info swiftc writes: profile a copy without it (symbols stay).
binary=$(mktemp)
trap 'rm -f "$binary"' EXIT
objcopy --strip-debug "$(dirname "$0")/.build/release/NormalizeProfile" "$binary"
output=$(valgrind --tool=callgrind --callgrind-out-file="${KEEP:-/dev/null}" \
    --toggle-collect='$s16NormalizeProfile7measureyS2iF' "$binary" "$provider" "$mode" "$iterations" 2>&1)
total=$(echo "$output" | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
bytes=$(echo "$output" | sed -n 's/.*events, \([0-9]*\) bytes.*/\1/p')
awk -v p="$provider" -v m="$mode" -v t="$total" -v n="$iterations" -v bytes="$bytes" 'BEGIN {
    printf "%s %s: %d instructions per pass over %d bytes = %.1f instructions/byte\n", p, m, t / n, bytes / n, t / bytes
}'
