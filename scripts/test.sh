#!/usr/bin/env bash
# The whole test suite: formatting check, warnings-free build, unit + loopback tests, fixture replay.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

echo "== format check"
if ! swift-format lint --strict --recursive Package.swift Sources adapters Tests Fuzz/Package.swift Fuzz/Sources; then
    echo "format check failed: run 'swift-format format -i -r Package.swift Sources adapters Tests Fuzz/Package.swift Fuzz/Sources'" >&2
    exit 1
fi

echo "== build (a warning in the project's own code fails the run)"
swift build --build-tests 2>&1 | tee .build-log.txt | grep -E "error:|warning:" || true
test "${PIPESTATUS[0]}" -eq 0
if grep -E "^$PWD/(Sources|adapters|Tests)/.*warning:" .build-log.txt; then
    echo "the build has warnings in project code" >&2
    exit 1
fi

echo "== PostgreSQL for the store contract tests"
# Sourced: exports SWITCHBOARD_TEST_POSTGRES_URL and stops the throwaway cluster when this script exits.
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

echo "== tests"
status=0
# At most 8 tests at once: the suites start real servers, child gateways and libcurl transfers, and on a 2-core
# machine an unbounded width leaves timing bounds measuring the scheduler's queue instead of the code.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-8}"
swift test --skip-build --skip 'ChaosTests\.' >.test-log.txt 2>&1 || status=$?
grep -E "✘|error:|Test run with|recorded an issue|Executed .* tests" .test-log.txt | grep -v "Executed 0 tests" || true
if [ "$status" -ne 0 ]; then
    echo "tests failed (full log: .test-log.txt)" >&2
    exit "$status"
fi

echo "== chaos: several switchboard serve processes, kill -9 and SIGTERM under load, shared rate limits (one at a time)"
# Alone and one at a time: they measure rate limits at the mock provider as a provider would, second by second, and
# seven gateway processes beside the other suites on two cores would measure the scheduler instead.
SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=1 swift test --skip-build --filter 'ChaosTests\.' >.chaos-log.txt 2>&1 || status=$?
grep -E "✘|error:|Test run with|recorded an issue|SKIPPED|^rate limits:$|max in any|nodes: +mean|webhooks|sends" .chaos-log.txt || true
if [ "$status" -ne 0 ]; then
    echo "chaos tests failed (full log: .chaos-log.txt)" >&2
    exit "$status"
fi

echo "== agent API against its OpenAPI document (schemathesis, scripts/conformance.sh)"
scripts/conformance.sh

echo "== fixture replay (command line)"
swift run --skip-build switchboard replay fixtures

echo "== decoders fuzzed (libFuzzer, scripts/fuzz.sh; a crash fails the run, its input in Fuzz/crashes/)"
scripts/fuzz.sh all "${FUZZ_SECONDS:-8}"
