#!/usr/bin/env bash
# Converts the same N corpus articles with newsbind, pandoc (EPUB) and typst (PDF) in one run
# and prints articles/s, peak RSS, bytes per article and the ratios.
#
#   scripts/bench-peers.sh [N]        (default N=200; needs ../shared/corpus beside the repo)
#   NEWSBIND_BEFORE=/path/to/old/newsbind scripts/bench-peers.sh [N]
#                                     also compares this build with another newsbind binary
#                                     (e.g. the build of the commit before a change) on the
#                                     same batch, alternating the two
#
# Installs what it needs when missing: hyperfine, pandoc and GNU time from Debian; typst from
# PyPI (the `typst` wheel, unpacked under target/tools so no system Python is modified).
# newsbind runs with -j 2 (all cores); pandoc gets the same two cores through `xargs -P 2`
# (one process per article is how pandoc converts); typst compiles the whole batch in one
# Python process, its best case.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
ROOT=$PWD
CORPUS=$ROOT/../shared/corpus
TOOLS=$ROOT/target/tools
WORK=$(mktemp -d /tmp/newsbind-bench.XXXXXX)
# The EPUB rows run a second time with their output in memory (tmpfs), to tell the file
# system's cost of creating files apart from each tool's own.
SHM=$(mktemp -d /dev/shm/newsbind-bench.XXXXXX)
trap 'rm -rf "$WORK" "$SHM"' EXIT
SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)

need_apt=""
command -v hyperfine >/dev/null || need_apt="$need_apt hyperfine"
command -v pandoc >/dev/null || need_apt="$need_apt pandoc"
[ -x /usr/bin/time ] || need_apt="$need_apt time"
if [ -n "$need_apt" ]; then
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need_apt
fi
if [ ! -d "$TOOLS/typst-py/typst" ]; then
  mkdir -p "$TOOLS/typst-wheel" "$TOOLS/typst-py"
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$TOOLS/typst-wheel" typst
  python3 -m zipfile -e "$TOOLS"/typst-wheel/typst-*.whl "$TOOLS/typst-py"
fi
cargo build --release --locked -q
NB=$ROOT/target/release/newsbind

# The batch: the N largest-first People's Daily articles between 3 and 12 KB (about 7 KB on
# average), which every tool reads as UTF-8.
mkdir -p "$WORK/in"
find "$CORPUS/rmrb_2019_2020_utf8" -name '*.txt' -size +3k -size -12k | sort | sed -n "1,${N}p" |
  while read -r f; do cp "$f" "$WORK/in/"; done
N=$(ls "$WORK/in" | wc -l)
BYTES=$(cat "$WORK"/in/*.txt | wc -c)
echo "batch: $N articles, $((BYTES / N)) bytes each on average"

# typst sources: one .typ per article with the CJK font, same A5 page as newsbind.
mkdir -p "$WORK/typ"
python3 - "$WORK/in" "$WORK/typ" <<'PY'
import sys, pathlib
src, dst = map(pathlib.Path, sys.argv[1:])
def esc(s):
    return "".join("\\" + c if c in "\\#*_`$<>@[]~/=-+'\"" else c for c in s)
for f in sorted(src.glob("*.txt")):
    lines = [l.strip() for l in f.read_text("utf-8").splitlines() if l.strip()]
    head, body = (lines[0], lines[1:]) if lines else ("", [])
    doc = ['#set page(paper: "a5", margin: 16mm, numbering: "1")',
           '#set text(font: "Noto Serif CJK SC", lang: "zh", size: 10.5pt)',
           '#set par(first-line-indent: 2em, justify: true)',
           '#align(center, text(18pt, font: "Noto Sans CJK SC", weight: "bold")[' + esc(head) + '])', '']
    doc += [esc(p) + "\n" for p in body]
    (dst / (f.stem + ".typ")).write_text("\n".join(doc), "utf-8")
PY
cat > "$WORK/typst_batch.py" <<PY
import sys, pathlib
sys.path.insert(0, "$TOOLS/typst-py")
import typst
out = pathlib.Path("$WORK/out-typst"); out.mkdir(exist_ok=True)
for f in sorted(pathlib.Path("$WORK/typ").glob("*.typ")):
    typst.compile(str(f), output=str(out / (f.stem + ".pdf")), font_paths=["/usr/share/fonts/opentype/noto"])
PY

cat > "$WORK/pandoc.sh" <<SH
#!/usr/bin/env bash
# \$1: the output folder
mkdir -p "\$1"
ls "$WORK/in" | OUT="\$1" xargs -P 2 -I{} sh -c 'pandoc -f markdown -t epub3 --metadata title=x --metadata lang=zh-CN -o "\$OUT/\$(basename {} .txt).epub" "$WORK/in/{}"'
SH
chmod +x "$WORK/pandoc.sh"

: > "$WORK/empty.yaml"
# Each run starts from an empty output folder. The last run's folder is moved aside, not
# deleted: on a disk mounted with `discard`, freeing hundreds of files just before a run
# makes the next journal commit wait for the trims, which charged one tool (the one that
# syncs its output) for the deletion of another run's files. Everything goes at the end.
cat > "$WORK/aside.sh" <<'SH'
#!/bin/sh
[ -e "$1" ] || exit 0
mkdir -p "$(dirname "$1")/old" && mv "$1" "$(dirname "$1")/old/$(date +%s%N)"
SH
chmod +x "$WORK/aside.sh"
CMDS=(
  "newsbind-epub|$NB convert $WORK/in -o $WORK/out-nb-epub -f epub,xhtml -j 2 --force -q -c $WORK/empty.yaml"
  "newsbind-pdf|$NB convert $WORK/in -o $WORK/out-nb-pdf -f pdf -j 2 --force -q -c $WORK/empty.yaml"
  "pandoc-epub|$WORK/pandoc.sh $WORK/out-pandoc"
  "typst-pdf|python3 $WORK/typst_batch.py"
  "newsbind-epub-tmpfs|$NB convert $WORK/in -o $SHM/out-nb-epub -f epub,xhtml -j 2 --force -q -c $WORK/empty.yaml"
  "pandoc-epub-tmpfs|$WORK/pandoc.sh $SHM/out-pandoc"
)
# Flush what the setup wrote (the copied articles, typst sources, the build), so that no tool
# pays for writing back another program's files.
sync
printf '%-20s %12s %12s %14s %16s\n' tool "articles/s" "mean s" "peak RSS MB" "bytes/article"
declare -A RATE
for entry in "${CMDS[@]}"; do
  name=${entry%%|*}; cmd=${entry#*|}
  case $name in
    newsbind-epub) out="$WORK/out-nb-epub"; pat='*.epub' ;;
    newsbind-pdf) out="$WORK/out-nb-pdf"; pat='*.pdf' ;;
    pandoc-epub) out="$WORK/out-pandoc"; pat='*.epub' ;;
    typst-pdf) out="$WORK/out-typst"; pat='*.pdf' ;;
    newsbind-epub-tmpfs) out="$SHM/out-nb-epub"; pat='*.epub' ;;
    pandoc-epub-tmpfs) out="$SHM/out-pandoc"; pat='*.epub' ;;
  esac
  # Every run starts from an empty output folder: all tools really write every file.
  # typst takes about 20 s a run: three runs; the others five.
  runs=$([ "$name" = typst-pdf ] && echo 3 || echo 5)
  hyperfine -N --warmup 1 --runs "$runs" --prepare "$WORK/aside.sh $out" --export-json "$WORK/$name.json" "$cmd" >/dev/null 2>&1 ||
    hyperfine --warmup 1 --runs "$runs" --prepare "$WORK/aside.sh $out" --export-json "$WORK/$name.json" "$cmd" >/dev/null
  mean=$(python3 -c "import json;print(json.load(open('$WORK/$name.json'))['results'][0]['mean'])")
  "$WORK/aside.sh" "$out"
  /usr/bin/time -f '%M' -o "$WORK/$name.rss" bash -c "$cmd" >/dev/null 2>&1
  rss=$(awk '{print $1/1024}' "$WORK/$name.rss")
  size=$(find "$out" -name "$pat" -printf '%s\n' | awk -v n="$N" '{s+=$1} END {printf "%d", s/n}')
  rate=$(python3 -c "print(f'{$N/$mean:.1f}')")
  RATE[$name]=$rate
  printf '%-20s %12s %12.3f %14.1f %16s\n' "$name" "$rate" "$mean" "$rss" "$size"
done
python3 - "${RATE[newsbind-epub]}" "${RATE[pandoc-epub]}" "${RATE[newsbind-pdf]}" "${RATE[typst-pdf]}" \
  "${RATE[newsbind-epub-tmpfs]}" "${RATE[pandoc-epub-tmpfs]}" <<'PY'
import sys
ne, pe, np_, tp, nes, pes = map(float, sys.argv[1:])
print(f"\nEPUB+XHTML: newsbind / pandoc = {ne/pe:.0f}x on disk, {nes/pes:.0f}x on tmpfs   (target >= 100x)")
print(f"PDF:        newsbind / typst  = {np_/tp:.1f}x   (target >= 10x)")
PY
if [ -n "${NEWSBIND_BEFORE:-}" ]; then
  # This build against another one. Where a command sits in a long run shifts its time by up
  # to a quarter on this VM (the same binary measured twice, first and last, differed by 25%),
  # so the two builds alternate: four rounds of 3 runs each, in the order new-old, old-new, ...
  OLD=$(realpath "$NEWSBIND_BEFORE")
  echo
  printf '%-20s %12s %12s %12s\n' "A/B, same batch" "this s" "before s" "this/before"
  for f in "epub,xhtml" "pdf"; do
    new="$NB convert $WORK/in -o $WORK/ab-new -f $f -j 2 --force -q -c $WORK/empty.yaml"
    old="$OLD convert $WORK/in -o $WORK/ab-old -f $f -j 2 --force -q -c $WORK/empty.yaml"
    : > "$WORK/ab.times"
    for round in 1 2 3 4; do
      if [ $((round % 2)) -eq 1 ]; then pair=("$new" "$old"); else pair=("$old" "$new"); fi
      hyperfine -N --warmup 1 --runs 3 --prepare "rm -rf $WORK/ab-new $WORK/ab-old" \
        --export-json "$WORK/ab.json" "${pair[@]}" >/dev/null 2>&1
      python3 - "$WORK/ab.json" "$NB" >> "$WORK/ab.times" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("new" if r["command"].startswith(sys.argv[2] + " ") else "old", *r["times"])
PY
    done
    python3 - "$WORK/ab.times" "$f" <<'PY'
import statistics, sys
t = {"new": [], "old": []}
for line in open(sys.argv[1]):
    k, *v = line.split()
    t[k] += map(float, v)
n, o = statistics.median(t["new"]), statistics.median(t["old"])
print(f"{sys.argv[2]:<20} {n:12.3f} {o:12.3f} {o/n:11.2f}x  (medians of {len(t['new'])} runs; >1: this build is faster)")
PY
  done
fi
# What creating one file costs here (newsbind writes two per article with -f epub,xhtml).
python3 - "$WORK" "$SHM" <<'PY'
import os, sys, time
for d in sys.argv[1:]:
    p = os.path.join(d, "create-probe"); os.mkdir(p)
    t = time.perf_counter()
    for i in range(300):
        os.close(os.open(os.path.join(p, str(i)), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    print(f"creating an empty file in {os.path.dirname(d)}: {(time.perf_counter() - t) / 300 * 1e6:.0f} us")
PY
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
