#!/usr/bin/env bash
# Benchmark of Exercise 4's soft-margin solver on n = 20,000 points in d = 20 (overlapping classes,
# C = 1) beside libsvm's svm-train -t 0 (apt-get install libsvm-tools) on the same data. Prints
# figures; never fails on timing. Usage: bench/run_svm.sh [n d C]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000} d=${2:-20} C=${3:-1}
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_BENCH=ON -DHW6_BUILD_TESTS=OFF -DHW6_NATIVE=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target bench_svm hw6 >build-bench/build.log 2>&1 || { echo "build failed, see build-bench/build.log"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
build-bench/bench/bench_svm "$dir" "$n" "$d" "$C"
start=$(date +%s.%N)
build-bench/hw6 ex4 "$dir/svm.json" --format json > "$dir/out.json"
end=$(date +%s.%N)
echo "hw6 ex4 (the whole command: parse, solve p = 1 and p = 2, classify, report): $(echo "$end - $start" | bc) s"
if command -v svm-train >/dev/null; then
  for eps in 0.001 0.00001; do
    start=$(date +%s.%N)
    out=$(svm-train -t 0 -c "$C" -e "$eps" -h 0 "$dir/svm.libsvm" "$dir/model" | grep -o "obj = [-0-9.e+]*" | tail -1)
    end=$(date +%s.%N)
    # libsvm's obj is the minimum of (7), that is minus the optimal value of (6).
    echo "libsvm $(svm-train 2>&1 | head -1 | grep -o '[0-9.]*$' || true) svm-train -t 0 -c $C -e $eps: $(echo "$end - $start" | bc) s, $out"
  done
else
  echo "libsvm: not installed (apt-get install libsvm-tools to compare)"
fi
echo "CPU: $(grep -m1 "model name" /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
