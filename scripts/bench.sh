#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail; docs/benchmarks.md holds a run):
#   recap PDFs per second on one thread and bytes per PDF; the check of a scanned proof of address; the HTTP paths of the app beside the
#   same storage operations done directly; pipeline latencies; the app's peak memory.
#   scripts/bench.sh [seconds per path]            the app as a JIT build
#   BENCH_NATIVE=true scripts/bench.sh [seconds]   the Native AOT package (built first), and its start to the first
#                                                   ready answer of GET / (median of five starts, target < 100 ms)
#   PREDEMANDE_BENCH_APP=DIR/PreDemande.Functions BENCH_NATIVE=true scripts/bench.sh ...   that package, not built again
#   BENCH_NATIVE=true scripts/bench.sh 1 --start-only   the start row alone
#   scripts/bench.sh SECONDS --paths-only             the HTTP paths and memory alone
#   scripts/bench.sh RUNS --proofs-only               the check of a scanned proof of address (A4 300 dpi JPEG and PDF) alone
#   ... --pin-storage                               Azurite on core 0, the app and the load on core 1
#   BENCH_TRACE=1 scripts/bench.sh ...                each measure's completions per second, every 0.5 s, on stderr
#   scripts/bench.sh SECONDS --scale N [--scale-only]   also N due purges, 5 N reminders, N/3 audit partitions indexed and N/3 removed, drained
#                                                   by the timers' fan-out, and a national day extrapolated
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-npm.sh
if [ "${BENCH_NATIVE:-false}" = "true" ] && [ -z "${PREDEMANDE_BENCH_APP:-}" ]; then
  PACKAGE_AOT=true scripts/package.sh >/dev/null
  export PREDEMANDE_BENCH_APP="$PWD/artifacts/package/PreDemande.Functions"
fi
dotnet run -c Release --project tests/PreDemande.Benchmarks -- "${1:-10}" "${@:2}"
