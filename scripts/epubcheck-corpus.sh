#!/usr/bin/env bash
# EPUBCheck over the whole corpus: every article's EPUB and every folder's collection book.
#
#   scripts/epubcheck-corpus.sh [CORPUS] [WORKDIR]
#   EPUBCHECK_VARIANT="--vertical --embed-font" scripts/epubcheck-corpus.sh CORPUS
#
# EPUBCheck's command line takes one book per JVM (~3 s of start-up each); this runs its library
# API (scripts/epubcheck/BatchCheck.java, compiled on the fly) over a list of books in two JVMs,
# which checks the ~1,170 books of ../shared/corpus in about five minutes on two cores.
# Needs a JDK (javac) and the jar `make test` fetches. Prints a summary; exit 1 on any message.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-$ROOT/../shared/corpus}
WORK=${2:-$(mktemp -d)}
JAR=${EPUBCHECK_JAR:-$ROOT/target/tools/epubcheck/epubcheck.jar}
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/newsbind
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$JAR" "$ROOT/scripts/epubcheck/BatchCheck.java"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1561334400}
# Exit status 1 (an undecodable source in the corpus) is expected; 2 is not.
"$BIN" convert "$CORPUS" -f epub -o "$WORK/articles" || [ $? -eq 1 ]
"$BIN" convert "$CORPUS" -f epub --collection -o "$WORK/books" || [ $? -eq 1 ]
# EPUBCHECK_VARIANT="--vertical --embed-font" also checks every article's book made that way.
if [ -n "${EPUBCHECK_VARIANT:-}" ]; then
  # shellcheck disable=SC2086
  "$BIN" convert "$CORPUS" -f epub $EPUBCHECK_VARIANT -o "$WORK/variant" || [ $? -eq 1 ]
fi
find "$WORK/articles" "$WORK/books" ${EPUBCHECK_VARIANT:+"$WORK/variant"} -name '*.epub' | sort > "$WORK/list.txt"
split -n l/2 "$WORK/list.txt" "$WORK/part."
for p in "$WORK"/part.a?; do
  java -cp "$JAR:$WORK/classes" BatchCheck < "$p" > "$p.out" 2> "$p.err" &
done
wait
grep -h "Messages:" "$WORK"/part.a?.out > "$WORK/results.txt" || true
total=$(wc -l < "$WORK/list.txt")
checked=$(grep -c 'Messages:' "$WORK/results.txt" || true)
clean=$(grep -c 'Messages: 0 fatals / 0 errors / 0 warnings' "$WORK/results.txt" || true)
echo "books: $total (articles: $(grep -c '/articles/' "$WORK/list.txt"), collections: $(grep -c '/books/' "$WORK/list.txt"), ${EPUBCHECK_VARIANT:-no variant}: $(grep -c '/variant/' "$WORK/list.txt" || true))"
echo "checked: $checked, clean (0 fatals / 0 errors / 0 warnings): $clean"
grep -v 'Messages: 0 fatals / 0 errors / 0 warnings' "$WORK/results.txt" || true
grep -hE '^(ERROR|WARNING|FATAL)' "$WORK"/part.a?.err || true
[ "$checked" -eq "$total" ] && [ "$clean" -eq "$total" ]
