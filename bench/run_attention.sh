#!/usr/bin/env bash
# Benchmark of Exercise 7 against PyTorch autograd on the same sizes, float64, one thread each:
#   1. the forward + backward pass alone (the code `hw6 ex7` runs), GFLOP/s beside the machine's
#      measured GEMM rate (bench/gemm_peak.cpp);
#   2. the whole command `hw6 ex7` on {"random": {T, d_model, d_k, seed 1}}, text and JSON output
#      (self-checks and output included), its peak memory.
#   bench/run_attention.sh [T d_model d_k]      (default 1024 256 64)
# The default build (no -march=native); its products go through OpenBLAS when installed (deps.sh),
# with the kernels hw6 chooses (lib/include/hw6/blas.hpp). PyTorch loads the same OpenBLAS; it is
# timed twice: with the same kernels (OPENBLAS_CORETYPE set to hw6's choice: the like-for-like
# ratio) and as installed (OpenBLAS's own choice, which on a processor Debian 12's OpenBLAS does not
# know is its SSE3 fallback). Optional: python3-torch (apt-get install python3-torch libopenblas0).
# The CPU may be shared with other work: each figure is the best of several rounds, hw6 and
# PyTorch interleaved. Never fails.
set -uo pipefail
cd "$(dirname "$0")/.."
T=${1:-1024} D=${2:-256} K=${3:-64}
cores=$(getconf _NPROCESSORS_ONLN)
# Its own build folder, HW6_NATIVE off explicitly: build-bench is the native build of the other scripts.
cmake -S . -B build-bench-default -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_BENCH=ON -DHW6_BUILD_TESTS=OFF -DHW6_NATIVE=OFF >/dev/null
cmake --build build-bench-default -j"$cores" --target bench_attention gemm_peak hw6 >build-bench-default/build.log 2>&1 || { echo "build failed, see build-bench-default/build.log"; exit 0; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
torch=0
/usr/bin/python3 -c "import torch" 2>/dev/null && torch=1
best() { sort -g | head -1; }  # smallest of the numbers on stdin
secs() { sed -E 's/.*best of [0-9]+: ([0-9.]+) s.*/\1/'; }
kernels=$(build-bench-default/bench/bench_attention 64 16 8 1 | sed -E 's/.*OpenBLAS kernels: ([^,]*),.*/\1/')
hw=() py=() py_installed=()
for round in 1 2 3 4 5; do
  hw+=("$(build-bench-default/bench/bench_attention "$T" "$D" "$K" 5 | secs)")
  if [ $torch = 1 ]; then
    if [ "$kernels" != none ]; then
      py+=("$(OPENBLAS_CORETYPE=$kernels /usr/bin/python3 bench/attention_torch.py "$T" "$D" "$K" 5 | secs)")
    fi
    py_installed+=("$(env -u OPENBLAS_CORETYPE /usr/bin/python3 bench/attention_torch.py "$T" "$D" "$K" 5 | secs)")
  fi
done
[ ${#py[@]} = 0 ] && py=("${py_installed[@]}")
hw_best=$(printf '%s\n' "${hw[@]}" | best)
line=$(build-bench-default/bench/bench_attention "$T" "$D" "$K" 1)
flops=$(echo "$line" | sed -E 's/.* ([0-9.]+) GFLOP\/s.*/\1/')
secs1=$(echo "$line" | secs)
gflops=$(awk -v f="$flops" -v s="$secs1" -v b="$hw_best" 'BEGIN { printf "%.1f", f * s / b }')
echo "forward + backward, T=$T d_model=$D d_k=$K, float64, 1 thread, best of 25:"
echo "  hw6:     $hw_best s  ($gflops GFLOP/s of matrix products; OpenBLAS kernels: $kernels)"
if [ $torch = 1 ]; then
  py_best=$(printf '%s\n' "${py[@]}" | best)
  py_installed_best=$(printf '%s\n' "${py_installed[@]}" | best)
  installed_core=$(env -u OPENBLAS_CORETYPE OPENBLAS_VERBOSE=2 /usr/bin/python3 -c 'import torch; torch.ones(64, 64, dtype=torch.float64) @ torch.ones(64, 64, dtype=torch.float64)' 2>&1 | sed -n 's/^Core: //p' | head -1)
  echo "  PyTorch: $py_best s with the same kernels (OPENBLAS_CORETYPE=$kernels); $py_installed_best s as installed (OpenBLAS chose ${installed_core:-?})"
  echo "           (torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), BLAS $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3))"
  echo "  ratio hw6 / PyTorch: $(awk -v a="$hw_best" -v b="$py_best" 'BEGIN { printf "%.2f", a / b }') with the same kernels, $(awk -v a="$hw_best" -v b="$py_installed_best" 'BEGIN { printf "%.2f", a / b }') against PyTorch as installed"
else
  echo "  PyTorch: not installed (apt-get install python3-torch libopenblas0 to compare)"
fi
build-bench-default/bench/gemm_peak 1024 5 | sed 's/^/  /'
problem=$(mktemp --suffix=.json)
echo "{\"random\": {\"T\": $T, \"d_model\": $D, \"d_k\": $K, \"seed\": 1}}" >"$problem"
for format in text json; do
  times=() mem=0
  for round in 1 2 3 4 5; do
    out=$( { /usr/bin/time -f "%e %M" build-bench-default/hw6 ex7 "$problem" --format $format >/dev/null; } 2>&1 | tail -1)
    times+=("${out% *}")
    mem=${out#* }
  done
  t=$(printf '%s\n' "${times[@]}" | best)
  msg="whole command hw6 ex7 --format $format: best of 5: $t s, peak memory $((mem / 1024)) MB"
  [ $torch = 1 ] && msg+=", $(awk -v a="$t" -v b="$py_best" 'BEGIN { printf "%.1f", a / b }')× PyTorch's forward + backward (same kernels)"
  echo "$msg"
done
rm -f "$problem"
echo "CPU: $(grep -m1 "model name" /proc/cpuinfo | sed 's/.*: //'), $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
