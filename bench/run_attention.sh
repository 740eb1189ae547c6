#!/usr/bin/env bash
# Benchmark of Exercise 7's forward + backward pass against PyTorch autograd (if python3-torch is
# installed: apt-get install python3-torch). Prints figures; never fails on timing.
# Usage: bench/run_attention.sh [T d_model d_k repetitions]   (default 1024 256 64 10)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_BENCH=ON -DHW6_BUILD_TESTS=OFF -DHW6_NATIVE=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target bench_attention >/dev/null
args=("${@:-1024 256 64 10}")
# shellcheck disable=SC2068
build-bench/bench/bench_attention ${args[@]}
if python3 -c "import torch" 2>/dev/null; then
  OMP_NUM_THREADS=1 python3 bench/attention_torch.py ${args[@]}
else
  echo "PyTorch: not installed (apt-get install python3-torch to compare)"
fi
grep -m1 "model name" /proc/cpuinfo | sed 's/.*: /CPU: /'
