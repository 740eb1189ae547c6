#!/usr/bin/env bash
# Benchmark of Exercise 7's forward + backward pass (the code `hw6 ex7` runs) against PyTorch
# autograd on the same sizes, in float64 on one thread. Prints figures; never fails on timing.
#   bench/run_attention.sh [T d_model d_k]      (default 1024 256 64)
# Optional packages: python3-torch (the comparison) and libopenblas-dev, which both PyTorch (through
# Debian's libblas.so.3 alternative) and, here, a second hw6 build (-DHW6_USE_BLAS=ON) use for GEMM.
# Timings on a shared VM vary by ±20%, so each side runs 5 rounds of 10 and the best is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-1024} D=${2:-256} K=${3:-64}
build() {  # dir, extra cmake options
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_BENCH=ON -DHW6_BUILD_TESTS=OFF -DHW6_NATIVE=ON "${@:2}" >/dev/null
  cmake --build "$1" -j"$(nproc)" --target bench_attention >/dev/null
}
best_of_rounds() {  # command...; prints the line with the smallest time
  for _ in 1 2 3 4 5; do "$@"; done | sort -t: -k3 -g | awk -F'best of 10: ' '{split($2, a, " "); print a[1] "\t" $0}' | sort -g | head -1 | cut -f2
}
build build-bench
echo "$(best_of_rounds build-bench/bench/bench_attention "$T" "$D" "$K" 10)"
if [ -e /usr/lib/x86_64-linux-gnu/libopenblas.so ]; then
  build build-bench-blas -DHW6_USE_BLAS=ON
  echo "$(OPENBLAS_NUM_THREADS=1 best_of_rounds build-bench-blas/bench/bench_attention "$T" "$D" "$K" 10) [Eigen products through OpenBLAS]"
fi
# Debian's python3-torch lives under /usr/bin/python3 (another python3 may come first on PATH).
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)
  echo "$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 best_of_rounds /usr/bin/python3 bench/attention_torch.py "$T" "$D" "$K" 10) [BLAS: $blas]"
else
  echo "PyTorch: not installed (apt-get install python3-torch libopenblas0 to compare)"
fi
echo "CPU: $(grep -m1 "model name" /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
