#!/bin/sh
# RUSTC_WRAPPER for fuzz builds: adds libFuzzer's coverage instrumentation (SanitizerCoverage,
# the same flags cargo-fuzz uses with `--sanitizer none`), debug assertions and overflow checks
# to newsbind and the fuzz targets only. Dependencies are built as usual, so their compiled
# copies from the main release build can be reused and the fuzzer's feedback stays on our code.
# Stable rustc accepts all of these flags: no RUSTC_BOOTSTRAP, no nightly.
rustc="$1"; shift
case " $* " in
  *" --crate-name newsbind "*|*" --crate-name decode "*|*" --crate-name structure "*|\
  *" --crate-name xhtml "*|*" --crate-name article "*)
    exec "$rustc" "$@" --cfg fuzzing -Cdebug-assertions -Coverflow-checks \
      -Cpasses=sancov-module \
      -Cllvm-args=-sanitizer-coverage-level=4 \
      -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
      -Cllvm-args=-sanitizer-coverage-pc-table \
      -Cllvm-args=-sanitizer-coverage-trace-compares ;;
  *) exec "$rustc" "$@" ;;
esac
