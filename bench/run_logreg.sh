#!/usr/bin/env bash
# Benchmark of Exercise 3's solver along a λ path, with and without GAP safe screening, in the
# default build (what `hw6` is: portable, the coordinate-descent kernels chosen at load time) and in
# a build for this machine (-march=native). Prints figures; never fails on timing.
# Usage: bench/run_logreg.sh [m p [repeats]]  (default 2000 5000 5)
set -euo pipefail
cd "$(dirname "$0")/.."
for build in default native; do
  dir=build-bench; native=ON
  [ "$build" = default ] && dir=build-bench-default native=OFF
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_BENCH=ON -DHW6_BUILD_TESTS=OFF -DHW6_NATIVE="$native" >/dev/null
  cmake --build "$dir" -j"$(nproc)" --target bench_logreg >"$dir/build.log" 2>&1 || { echo "build failed, see $dir/build.log"; exit 1; }
  echo "== $build build ($dir)"
  "$dir/bench/bench_logreg" "${1:-2000}" "${2:-5000}" "${3:-5}"
done
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "CPU: $(grep -m1 "model name" /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
