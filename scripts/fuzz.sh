#!/usr/bin/env bash
# Builds the libFuzzer target (clang, ASan + UBSan) in build-fuzz/ and runs it for SECONDS
# (default 60) on problem files of every exercise and on answer files.
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
# The corpus grows in build-fuzz/corpus/ (seeded from problems/, problems/extra/ and
# tests/cli/bad/: the first byte of each input picks the exercise, '0' an answer file); a crash,
# a NaN in the output or an input slower than 10 s is saved as build-fuzz/crash-* (timeout-*),
# to be kept as a regression test in tests/cli/bad/. Reproduce one with
#   build-fuzz/fuzz/hw6_fuzz build-fuzz/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
cxx=${CXX:-$(command -v clang++-14 || command -v clang++ || true)}
if [ -z "$cxx" ]; then echo "fuzz.sh: clang++ is needed (apt-get install clang-14)" >&2; exit 2; fi
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
# -O1: fast enough to fuzz, and the sanitizer build of the whole library compiles in minutes.
CXX=$cxx cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" -DHW6_FUZZ=ON -DHW6_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target hw6_fuzz

# Seeds: '<k><problem>' for exercise k, '0<answers>' for an answer file.
seeds=build-fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds" build-fuzz/corpus
for k in 1 2 3 4 5 6 7; do
  for f in problems/ex$k.json problems/extra/ex${k}_*.json tests/cli/bad/ex${k}_*.json; do
    [ -f "$f" ] || continue
    { printf '%s' "$k"; cat "$f"; } > "$seeds/ex${k}_$(basename "$f")"
  done
done
for f in tests/cli/answers_*.json tests/cli/bad/answers_*.json tests/cli/golden/*.json; do
  [ -f "$f" ] || continue
  { printf '0'; cat "$f"; } > "$seeds/answers_$(basename "$f")"
done
for f in tests/cli/bad/malformed.json tests/cli/bad/empty.json tests/cli/bad/top_level_array.json; do
  { printf '5'; cat "$f"; } > "$seeds/any_$(basename "$f")"
done

cd build-fuzz
# Exercise 2 is left out unless HW6_FUZZ_SKIP is set otherwise (HW6_FUZZ_SKIP= fuzzes it too):
# its built-in problem alone takes over 10 s under the sanitizers.
export HW6_FUZZ_SKIP=${HW6_FUZZ_SKIP-2}
# -max_len: homework-sized inputs, where every run must finish fast (-timeout 10 s is a finding);
# -rss_limit_mb: memory bounded by size.
exec nice ./fuzz/hw6_fuzz corpus seeds -dict=../fuzz/hw6.dict -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"
