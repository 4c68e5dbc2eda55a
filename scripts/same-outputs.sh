#!/usr/bin/env bash
# Fingerprints what newsbind makes of a corpus, so that a refactoring can be shown to change
# nothing: every output's SHA-256, the report (in full) and the exit codes, of two runs —
#   plain:       convert CORPUS -f epub,xhtml,pdf,json
#   collection:  the same with --collection
# both with SOURCE_DATE_EPOCH fixed, -j 2, and the repository's config.yaml.
#
#   scripts/same-outputs.sh record BIN CORPUS FILE     write the fingerprint of BIN's runs to FILE
#   scripts/same-outputs.sh compare BIN CORPUS FILE    run BIN again and diff against FILE
#
# The state (`.newsbind/state*.sqlite`, or an older version's `.newsbind-manifest*.json`) is
# listed apart, by name only: it records when each run ran.
set -euo pipefail

mode=${1:?record|compare}
bin=$(realpath "${2:?binary}")
corpus=$(realpath "${3:?corpus folder}")
file=${4:?fingerprint file}
repo=$(cd "$(dirname "$0")/.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fingerprint() {
  local name=$1; shift
  local out="$work/$name"
  set +e
  SOURCE_DATE_EPOCH=1700000000 "$bin" convert -c "$repo/config.yaml" -q -j 2 \
    -f epub,xhtml,pdf,json -o "$out" "$corpus" "$@" 2>"$work/$name.stderr"
  local code=$?
  set -e
  echo "== $name exit $code"
  echo "== $name stderr"
  # Paths of the temporary output root differ between runs.
  sed -e "s#$work#OUT#g" -e 's/ in [0-9.]* s, [0-9]* articles\/s/ in T s/' "$work/$name.stderr"
  echo "== $name outputs"
  (cd "$out" && find . -type f ! -name '.newsbind-manifest*' ! -path './.newsbind*' -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum)
  echo "== $name state"
  (cd "$out" && find . -path './.newsbind*' -type f | LC_ALL=C sort)
  echo "== $name report"
  cat "$out/report.json"
}

{
  fingerprint plain
  fingerprint collection --collection
} >"$work/fingerprint"

case $mode in
  record)
    cp "$work/fingerprint" "$file"
    echo "recorded $(grep -c '^[0-9a-f]\{64\} ' "$file") output hashes in $file"
    ;;
  compare)
    if diff -u "$file" "$work/fingerprint" >"$work/diff"; then
      echo "same: $(grep -c '^[0-9a-f]\{64\} ' "$file") outputs, reports and exit codes"
    else
      cat "$work/diff"
      echo "DIFFERENT (see above)" >&2
      exit 1
    fi
    ;;
  *) echo "usage: $0 record|compare BIN CORPUS FILE" >&2; exit 2 ;;
esac
