#!/usr/bin/env bash
# Fuzzes the libFuzzer harnesses of tests/fuzz, one after another
# (docs/FUZZING.md):
#   scripts/fuzz.sh [seconds-per-harness] [harness...]
# Builds build-fuzz/ with clang, ASan and UBSan (-DBOXOFFICE_FUZZ=ON), runs
# each harness for the given time (default 600 s) on a working copy of its
# committed corpus in build-fuzz/corpus/<harness> (new inputs stay there, not
# in the repository), writes what crashes to build-fuzz/crashes/<harness>/
# and prints a summary line per harness (corpus: the inputs libFuzzer keeps,
# cov/ft: its coverage counters and features). Exits non-zero after a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-600}
[ $# -gt 0 ] && shift
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_http fuzz_requests fuzz_stream)

# ccache needs a home for its cache; CI may run without HOME.
export CCACHE_DIR="${CCACHE_DIR:-${HOME:-$PWD}/.ccache}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# -O2 without NDEBUG: the asserts stay on while fuzzing.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" -DBOXOFFICE_FUZZ=ON -DBOXOFFICE_BUILD_BENCH=OFF \
    "${launcher[@]}" >/dev/null
ninja -C build-fuzz "${harnesses[@]}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
crashed=0
summary=()
for harness in "${harnesses[@]}"; do
    corpus=$root/build-fuzz/corpus/$harness
    crashes=$root/build-fuzz/crashes/$harness
    logs=$root/build-fuzz/logs/$harness
    mkdir -p "$corpus" "$crashes" "$logs"
    cp -n tests/fuzz/corpus/"$harness"/* "$corpus"/
    before=$(find "$crashes" -type f | wc -l)
    dict=()
    [ -f tests/fuzz/"$harness".dict ] && dict=(-dict="$root/tests/fuzz/$harness.dict")
    echo "== $harness: ${seconds}s from $(date -u +%FT%TZ) on $(ls "$corpus" | wc -l) inputs (log: $logs/fuzz-0.log)"
    # With -jobs the run's output goes to fuzz-0.log in the working directory.
    (cd "$logs" && rm -f fuzz-0.log &&
        "$root/build-fuzz/tests/fuzz/$harness" -jobs=1 -workers=1 -max_total_time="$seconds" \
            -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$crashes/" "${dict[@]}" "$corpus" >/dev/null 2>&1) || true
    log=$logs/fuzz-0.log
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    found=$(( $(find "$crashes" -type f | wc -l) - before ))
    grep -qE '^==[0-9]+==ERROR|^SUMMARY: |deadly signal|fuzz_[a-z]+: ' "$log" && [ "$found" -eq 0 ] && found=1
    [ "$found" -gt 0 ] && crashed=1
    summary+=("$(printf '%-14s %5ss  execs %-10s %6s/s  cov %-6s ft %-6s corpus %-5s crashes %s' \
        "$harness" "$seconds" "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found")")
done
printf '%s\n' "${summary[@]}"
[ "$crashed" -eq 0 ] || echo "crash inputs: build-fuzz/crashes/ (replay: build-fuzz/tests/fuzz/<harness> <file>)"
exit "$crashed"
