#!/usr/bin/env bash
# Apache PDFBox Preflight (PDF/A-1b) over the whole corpus: every article's PDF and every
# folder's collection PDF.
#
#   scripts/preflight-corpus.sh [CORPUS] [WORKDIR]
#
# Preflight's command line (Validator_A1b) takes one file per JVM; this runs the same
# validation through its library API (scripts/preflight/BatchPreflight.java, compiled on the
# fly) over a list of files in two JVMs. Needs a JDK (javac) and Debian's libpdfbox2-java,
# libactivation-java and libjaxb-api-java. Prints a summary; exit 1 on any invalid file.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-$ROOT/../shared/corpus}
WORK=${2:-$(mktemp -d)}
J=/usr/share/java
CP=${PREFLIGHT_CP:-$J/preflight.jar:$J/pdfbox2.jar:$J/fontbox2.jar:$J/xmpbox.jar:$J/commons-logging.jar:$J/javax.activation.jar:$J/jaxb-api.jar}
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/newsbind
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$CP" "$ROOT/scripts/preflight/BatchPreflight.java"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1561334400}
# Exit status 1 (an undecodable source in the corpus) is expected; 2 is not.
"$BIN" convert "$CORPUS" -f pdf -o "$WORK/articles" || [ $? -eq 1 ]
"$BIN" convert "$CORPUS" -f pdf --collection -o "$WORK/books" || [ $? -eq 1 ]
find "$WORK/articles" "$WORK/books" -name '*.pdf' | sort > "$WORK/list.txt"
split -n l/2 "$WORK/list.txt" "$WORK/part."
for p in "$WORK"/part.a?; do
  java -cp "$CP:$WORK/classes" BatchPreflight < "$p" > "$p.out" 2> "$p.err" &
done
wait || true
total=$(wc -l < "$WORK/list.txt")
valid=$(cat "$WORK"/part.a?.out | grep -c '^VALID ' || true)
echo "PDFs: $total (articles: $(grep -c '/articles/' "$WORK/list.txt"), collections: $(grep -c '/books/' "$WORK/list.txt"))"
echo "PDF/A-1b valid by PDFBox Preflight: $valid"
cat "$WORK"/part.a?.out | grep -v '^VALID ' | head -40 || true
[ "$valid" -eq "$total" ]
