#!/usr/bin/env bash
# Runs every test (each test class starts its own in-memory Azurite on free ports) and ends
# with the line "N passed, N failed" read from the TRX results.
#
#   scripts/test.sh           every tier
#   scripts/test.sh --fast    the fast tier alone: pure rules and services, no storage, no other
#                             program (seconds; tests/PreDemande.Functions.Tests/Infrastructure/Tiers.cs)
set -euo pipefail
cd "$(dirname "$0")/.."

filter=()
if [ "${1:-}" = "--fast" ]; then
  # A fast test that starts Azurite fails (PREDEMANDE_TEST_TIER): the tier needs nothing installed.
  export PREDEMANDE_TEST_TIER=Fast
  filter=(--filter "Tier=Fast")
else
  scripts/ensure-npm.sh
  scripts/ensure-tools.sh
fi

results="TestResults"
rm -rf "$results"
status=0
dotnet test PreDemande.Functions.sln -c Release "${filter[@]}" \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=$?

# One TRX per test project (LogFilePrefix makes each name unique): the counters are added up.
mapfile -t trxs < <(find "$results" -name '*.trx')
if [ "${#trxs[@]}" -eq 0 ]; then
  echo "no test results found"
  echo "0 passed, 0 failed"
  exit 1
fi
passed=0
failed=0
for trx in "${trxs[@]}"; do
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$(( passed + ${p:-0} ))
  failed=$(( failed + ${f:-0} + ${e:-0} ))
  # The names of the failed tests, so that a long log still says what failed at its end.
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" \
    | sed -n 's/.* testName="\([^"]*\)".*/FAILED: \1/p' || true
done
echo "${passed:-0} passed, ${failed} failed"
if [ "${passed:-0}" -eq 0 ]; then
  exit 1
fi
exit "$status"
