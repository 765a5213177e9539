#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): recap PDFs rendered per second on one thread, bytes per PDF.
#   scripts/bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/PreDemande.Benchmarks -- "${1:-10}"
