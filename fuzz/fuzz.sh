#!/usr/bin/env bash
# Builds the libFuzzer targets and runs them one after another, seeded from ../shared/corpus.
#
#   fuzz/fuzz.sh [SECONDS] [TARGET...]     (default: 600 s each; decode structure xhtml article)
#
# Works on the stable toolchain without cargo-fuzz and without RUSTC_BOOTSTRAP: rustc-wrapper.sh
# adds SanitizerCoverage (the flags cargo-fuzz uses with `--sanitizer none`), debug assertions
# and overflow checks to newsbind and the targets; libfuzzer-sys links libFuzzer. No
# AddressSanitizer: the code under test is safe Rust, so panics, aborts, hangs (-timeout) and
# memory blowups (-rss_limit_mb) are what we look for. Fuzzing runs at `nice -n 19`.
#
# Outputs (ignored by git): fuzz/corpus/<target>/ (the grown corpus), fuzz/artifacts/<target>/
# (crashing, slow or memory-hungry inputs: turn each into tests/fixtures/regressions/ + a test),
# fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(decode structure xhtml article)
SEEDS=../../shared/corpus
[ -d "$SEEDS" ] || SEEDS=../tests/fixtures

# A first build can reuse the main release build's compiled dependencies (same profile).
if [ ! -d target/release ] && [ -d ../target/release ]; then
  mkdir -p target && cp -a ../target/release target/
fi
RUSTC_WRAPPER="$PWD/rustc-wrapper.sh" nice -n 19 cargo build --release --bins

for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t" logs
  # The whole path renders PDFs, so it gets smaller inputs; the others take whole articles.
  max_len=65536
  [ "$t" = article ] && max_len=16384
  echo "fuzzing $t for ${SECONDS_EACH}s (log: fuzz/logs/$t.log)"
  nice -n 19 "target/release/$t" "corpus/$t" "$SEEDS" \
    -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 -max_len="$max_len" \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"logs/$t.log" 2>&1 \
    || { echo "$t: FOUND A PROBLEM, see fuzz/logs/$t.log and fuzz/artifacts/$t/"; tail -30 "logs/$t.log"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "logs/$t.log" || true
done
