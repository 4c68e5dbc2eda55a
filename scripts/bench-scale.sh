#!/usr/bin/env bash
# The batch at scale: N real articles (hard links of the corpus's .txt files, 1,000 to a
# folder), converted three times into one output root — first run, unchanged rerun, and a
# rerun after 10 sources were edited — with time, peak RSS and the state's size each time.
#
#   scripts/bench-scale.sh N [FORMATS] [CORPUS]      (defaults: epub, ../shared/corpus)
#
# NEWSBIND_BIN picks the binary (default target/release/newsbind), so two builds can be
# compared in one sitting; NEWSBIND_SCALE_DIR the scratch folder (default a mktemp -d, removed
# at the end: N = 1,000,000 EPUBs are ≈ 6 GB). Prints one Markdown table row per run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:?usage: $0 N [FORMATS] [CORPUS]}
formats=${2:-epub}
corpus=$(realpath "${3:-$repo/../shared/corpus}")
bin=$(realpath "${NEWSBIND_BIN:-$repo/target/release/newsbind}")
work=${NEWSBIND_SCALE_DIR:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# Sources: the corpus's files that convert to one article each are not known in advance, so all
# .txt files are cycled; the report says how many converted, skipped or failed.
mapfile -t pool < <(find "$corpus" -name '*.txt' -size +300c | LC_ALL=C sort)
[ ${#pool[@]} -gt 0 ] || { echo "no .txt files in $corpus" >&2; exit 1; }
input=$work/in
start=$(date +%s.%N)
for ((i = 0; i < n; i++)); do
  dir=$input/$((i / 1000))
  ((i % 1000)) || mkdir -p "$dir"
  ln "${pool[i % ${#pool[@]}]}" "$dir/$i.txt"
done
printf 'built %d hard links in %.1f s\n' "$n" "$(echo "$(date +%s.%N) - $start" | bc)" >&2

run() {
  local label=$1
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$bin" convert "$input" -o "$work/out" -f "$formats" -q -j "$(nproc)" \
    2>>"$work/stderr" || [ $? -eq 1 ]
  t1=$(date +%s.%N)
  local state
  # The state database (an older build: its JSON manifest).
  state=$({ du -skc "$work/out/.newsbind" "$work"/out/.newsbind-manifest*.json 2>/dev/null || true; } | tail -n 1 | cut -f1)
  local totals
  totals=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["converted"], "converted,", t["unchanged"], "unchanged")' "$work/out/report.json")
  printf '| %s | %s | %.1f s | %d MB | %.1f MB | %s |\n' "$n" "$label" "$(echo "$t1 - $t0" | bc)" \
    $(($(tail -n 1 "$work/rss") / 1024)) "$(echo "$state / 1024" | bc -l)" "$totals"
}
echo "| articles | run | time | peak RSS | state | report |"
echo "| ---: | --- | ---: | ---: | ---: | --- |"
run first
run "unchanged rerun"
# Edit 10 sources: a hard link's bytes are shared, so each becomes a copy with one more line.
for i in $(seq 0 $((n / 10)) $((n - 1)) | head -n 10); do
  f=$input/$((i / 1000))/$i.txt
  cp "$f" "$f.new" && printf '\n　　编者按：本文有改动。\n' >>"$f.new" && mv "$f.new" "$f"
done
run "10 edited"
