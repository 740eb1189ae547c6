#!/usr/bin/env bash
# Golden text output: runs `hw6 EX PROBLEM --format text --no-color` and compares it exactly with
# GOLDEN, after dropping the checks' detail lines (they print raw residuals and iteration counts,
# which move with any solver change); the checks' names and verdicts stay in the comparison.
#   golden_text.sh HW6 EX PROBLEM GOLDEN          compare (exit 1 and a diff on any difference)
#   UPDATE_GOLDEN=1 golden_text.sh ...            rewrite GOLDEN (then READ every changed line)
set -u
hw6=$1 ex=$2 problem=$3 golden=$4
# The "problem:" line keeps only the file's name, so the goldens do not depend on the checkout's path.
filter() { awk 'NR == 2 && /^problem: / && !/^problem: built-in/ {n = split($0, parts, "/"); if (n > 1) $0 = "problem: " parts[n]}
                /^Checks$/ {checks = 1; print; next} !checks || /^  \[/ {print}'; }
args=("$ex")
[ "$problem" = "builtin" ] || args+=("$problem")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$hw6" "${args[@]}" --format text --no-color | filter >"$out"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then echo "FAILED: hw6 exited with $rc"; cat "$out"; exit 1; fi
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then cp "$out" "$golden"; echo "updated $golden"; exit 0; fi
if ! diff -u "$golden" "$out"; then echo "FAILED: text output differs from $golden (review, then UPDATE_GOLDEN=1 to accept)"; exit 1; fi
echo ok
