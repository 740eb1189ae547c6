#!/usr/bin/env bash
# Benchmark (not a test): hw6 verify grading a class of STUDENTS answer files, each student with
# a variant of all seven exercises embedded as "problem" (the contract's "Grading a class").
#   bench/grade_class.sh [STUDENTS (default 300)] [HW6 (default build/hw6)]
# Variants come from `hw6 generate all --seed N` when the binary has it; otherwise from the
# built-in problems perturbed deterministically here (seed = the student's number; Exercise 2's
# expressions stay the homework's, so it is one problem for the class). Each answer file holds the
# values hw6 computes on its variant, with a planted mistake in every third file, so the gradebook
# has right and wrong rows. Prints the time to grade the class on 2 cores and on 1, and one
# file's time; never fails on timing. Needs python3 (to build the class; not at grading time).
set -eu
students=${1:-300}
hw6=$(realpath "${2:-build/hw6}")
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT  # KEEP=1 keeps the class for a look

if "$hw6" generate --help >/dev/null 2>&1; then source=generate; else source=perturb; fi
echo "Building a class of $students answer files (variants: $source) in $work ..."
python3 - "$hw6" "$repo" "$work" "$students" "$source" <<'EOF'
import concurrent.futures, json, random, subprocess, sys
hw6, repo, work, n, source = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
keys = [f"ex{i}" for i in range(1, 8)]
builtin = {k: json.load(open(f"{repo}/problems/{k}.json")) for k in keys}
NOT_ANSWERS = ("exercise", "title", "problem", "checks")

def perturb(x, rng, integers):
    """Every non-integer number times (1 + 0.1 u), u uniform in [-1, 1]; integers kept unless asked."""
    if isinstance(x, dict):
        return {k: (v if k in ("description", "y", "C", "lambda", "lambda_ratio", "eps", "learning_rate") else perturb(v, rng, integers)) for k, v in x.items()}
    if isinstance(x, list):
        return [perturb(v, rng, integers) for v in x]
    if isinstance(x, float) or (integers and isinstance(x, int) and not isinstance(x, bool)):
        return round(x * (1 + 0.1 * rng.uniform(-1, 1)), 4)
    return x

def problems_of(s):
    if source == "generate":
        out = subprocess.run([hw6, "generate", "all", "--seed", str(s)], capture_output=True, text=True, check=True).stdout
        return {k: v["problem"] for k, v in json.loads(out).items() if isinstance(v, dict) and "problem" in v}
    rng = random.Random(s)
    p = {k: perturb(builtin[k], rng, k in ("ex1", "ex4")) for k in keys if k != "ex6"}
    p["ex2"] = builtin["ex2"]
    p["ex6"] = dict(builtin["ex6"], batchnorm=perturb(builtin["ex6"]["batchnorm"], rng, True))
    return p

memo = {}
def solve(k, problem):
    key = (k, json.dumps(problem, sort_keys=True))
    if key not in memo:
        memo[key] = solve_now(k, problem)
    return json.loads(json.dumps(memo[key]))

def solve_now(k, problem):
    out = subprocess.run([hw6, k, "-", "--format", "json"], input=json.dumps(problem), capture_output=True, text=True)
    if out.returncode == 2:
        return None
    return {key: v for key, v in json.loads(out.stdout).items() if key not in NOT_ANSWERS}

def student(s):
    answers = {}
    for k, problem in problems_of(s).items():
        values = solve(k, problem)
        if values is None:
            continue
        answers[k] = dict(problem=problem, **values)
    if s % 3 == 0 and "ex6" in answers:  # a planted mistake: the count off by one
        answers["ex6"]["total_params"] += 1
    with open(f"{work}/student{s:04d}.json", "w") as f:
        json.dump(answers, f)

with concurrent.futures.ThreadPoolExecutor(2) as pool:
    list(pool.map(student, range(1, n + 1)))
EOF

cd "$work"
files=(student*.json)
[ -n "${KEEP:-}" ] && echo "kept in $work"
echo "hw6 verify: ${#files[@]} answer files, $(du -sh . | cut -f1) of JSON"
time_of() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); awk "BEGIN { print $end - $start }"; }
one=$(time_of "$hw6" verify "${files[0]}")
two=$(time_of "$hw6" verify "${files[@]}" --gradebook grades.csv --jobs 2)
single=$(time_of "$hw6" verify "${files[@]}" --jobs 1)
rows=$(($(wc -l <grades.csv) - 1))
wrong=$(awk -F, 'NR > 1 && $9 != 1' grades.csv | wc -l)
printf 'one file:                     %6.2f s\n' "$one"
printf '%d files, 2 cores (--jobs 2): %6.2f s  (%d gradebook rows, %d not all right)\n' "${#files[@]}" "$two" "$rows" "$wrong"
printf '%d files, 1 core  (--jobs 1): %6.2f s\n' "${#files[@]}" "$single"
