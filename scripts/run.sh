#!/usr/bin/env bash
# Builds the gateway and runs it: `scripts/run.sh` prints the help; `scripts/run.sh serve` (and any
# other subcommand) passes its arguments on to the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product switchboard
exec .build/release/switchboard "${@:---help}"
