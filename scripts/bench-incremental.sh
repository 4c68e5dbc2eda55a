#!/bin/bash
# Measures an unchanged rerun against the first run over the whole corpus (issue 7,
# acceptance 1: the rerun must take under 10% of the first run's time).
# Usage: scripts/bench-incremental.sh [CORPUS] [FORMATS]   (after `cargo build --release`)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
formats=${2:-epub,pdf}
bin=target/release/newsbind
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
timed() {
  local start; start=$(ms)
  "$bin" convert "$corpus" -o "$out/o" -f "$formats" -q "$@" || [ $? -eq 1 ]
  echo $(( $(ms) - start ))
}
first=$(timed)
rerun=$(timed)
echo "first run:       ${first} ms"
echo "unchanged rerun: ${rerun} ms = $(( 1000 * rerun / first / 10 )).$(( 1000 * rerun / first % 10 ))% of the first"
grep -m1 -A6 '"totals"' "$out/o/report.json" | tr -d ' \n'; echo
