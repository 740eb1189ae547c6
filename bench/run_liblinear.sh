#!/usr/bin/env bash
# Whole commands against LIBLINEAR (apt-get install liblinear-tools) on the same LIBSVM files:
#   hw6 ex4 at C = 1 on n × d points   beside  liblinear-train -s 3 -c 1 -B 1
#   hw6 ex3 at λ = 0.1 λ_max on m × p  beside  liblinear-train -s 6 -c 1/(mλ)
# Each time is the median of 3 runs of the whole process (reading, solving, checks, output to a
# file), wall clock and CPU (user + system: the fairer figure on a shared machine); peak memory is
# the maximum resident set size. Prints figures; never fails on timing.
# Usage: bench/run_liblinear.sh [n d m p]  (default 100000 30 2000 5000)
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000} d=${2:-30} m=${3:-2000} p=${4:-5000}
# HW6=path/to/hw6 MAKE_DATA=path/to/make_data use existing binaries instead of building build-bench.
if [ -z "${HW6:-}" ] || [ -z "${MAKE_DATA:-}" ]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DHW6_BUILD_BENCH=ON -DHW6_BUILD_TESTS=OFF -DHW6_NATIVE=ON >/dev/null
  cmake --build build-bench -j"$(nproc)" --target make_data hw6 >build-bench/build.log 2>&1 || { echo "build failed, see build-bench/build.log"; exit 0; }
  HW6=$PWD/build-bench/hw6 MAKE_DATA=$PWD/build-bench/bench/make_data
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
hw6=$HW6

# median_run LABEL COMMAND...: runs 3 times, prints "LABEL: <median s> s, peak <MB> MB" and sets $med.
median_run() {
  local label=$1; shift
  local times=() cpus=() mem=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$@" >"$dir/stdout" 2>"$dir/stderr"
    read -r t u sy k <"$dir/time"
    times+=("$t")
    cpus+=("$(echo "$u + $sy" | bc)")
    [ "$k" -gt "$mem" ] && mem=$k
  done
  med=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n 2p)
  printf '%-58s %7.2f s (CPU %6.2f s)   peak %5d MB\n' "$label" "$med" "$cpu" $((mem / 1024))
}

echo "== ex4: soft margin, n = $n, d = $d, C = 1 =="
"$MAKE_DATA" svm "$dir" "$n" "$d" 1 >/dev/null
median_run "hw6 ex4 (data file, --format json)" "$hw6" ex4 "$dir/svm_data.json" --format json; t_hw6=$cpu
grep -o '"kkt_residual": [0-9.e+-]*' "$dir/stdout" | head -1 | sed 's/^/  hw6 /'
median_run "hw6 ex4 (data file, text)" "$hw6" ex4 "$dir/svm_data.json"
echo "  text output: $(wc -l <"$dir/stdout") lines"
median_run "hw6 ex4 (the same numbers inline in JSON, --format json)" "$hw6" ex4 "$dir/svm.json" --format json
if command -v liblinear-train >/dev/null; then
  median_run "liblinear-train -s 3 -c 1 -B 1" liblinear-train -s 3 -c 1 -B 1 "$dir/svm.libsvm" "$dir/model"; t_ll=$cpu
  echo "  ratio hw6 / LIBLINEAR (CPU time): $(echo "scale=2; $t_hw6 / $t_ll" | bc)"
else
  echo "liblinear-train: not installed (apt-get install liblinear-tools)"
fi

echo "== ex3: ℓ1 logistic regression, m = $m, p = $p, λ = 0.1 λ_max =="
C=$("$MAKE_DATA" logreg "$dir" "$m" "$p" 0.1)
median_run "hw6 ex3 (data file, --format json)" "$hw6" ex3 "$dir/logreg_data.json" --format json; t_hw6=$cpu
grep -o '"objective": [0-9.e+-]*' "$dir/stdout" | head -1 | sed 's/^/  hw6 primal /'
grep -o '"kkt_residual": [0-9.e+-]*' "$dir/stdout" | head -1 | sed 's/^/  hw6 /'
median_run "hw6 ex3 (the same numbers inline in JSON, --format json)" "$hw6" ex3 "$dir/logreg.json" --format json
if command -v liblinear-train >/dev/null; then
  median_run "liblinear-train -s 6 -c $(printf %.6g "$C")" liblinear-train -s 6 -c "$C" "$dir/logreg.libsvm" "$dir/model"; t_ll=$cpu
  echo "  ratio hw6 / LIBLINEAR (CPU time): $(echo "scale=2; $t_hw6 / $t_ll" | bc)"
fi
echo "CPU: $(grep -m1 "model name" /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit 0
