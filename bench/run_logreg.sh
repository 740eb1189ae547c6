#!/usr/bin/env bash
# Benchmark of Exercise 3's solver along a λ path, with and without GAP safe screening.
# Prints figures; never fails on timing. Usage: bench/run_logreg.sh [m p [repeats]]  (default 2000 5000 5)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_BENCH=ON -DHW6_BUILD_TESTS=OFF -DHW6_NATIVE=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target bench_logreg >/dev/null
build-bench/bench/bench_logreg "${1:-2000}" "${2:-5000}" "${3:-5}"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "CPU: $(grep -m1 "model name" /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
