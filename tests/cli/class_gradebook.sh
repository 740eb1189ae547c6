#!/usr/bin/env bash
# The planted class graded with the rubric: the gradebook's rows (derived by hand in
# tests/test_grading.cpp), one feedback file per answer file, exit 2 for the malformed file.
set -u
hw6=$1 class=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$class" || exit 1
"$hw6" verify right.json "one, wrong.json" malformed.json own_variant.json partial.json \
  --rubric rubric.json --gradebook "$out/grades.csv" --feedback "$out/feedback" >"$out/stdout" 2>"$out/stderr"
rc=$?
fail() { echo "FAILED: $*"; cat "$out/stdout" "$out/stderr"; [ -f "$out/grades.csv" ] && cat "$out/grades.csv"; exit 1; }
[ "$rc" -eq 2 ] || fail "exit status $rc, expected 2"
[ "$(wc -l <"$out/stderr")" -eq 1 ] || fail "stderr should be one line (the malformed file)"
expected='file,ex1,ex2,ex3,ex4,ex5,ex6,ex7,total,error
right.json,,,,,1,1,,1,
"one, wrong.json",,,,,1,0.75,,0.833333,
own_variant.json,,,,,0,1,,0.666667,
partial.json,,,,,1,0,,0.333333,'
got=$(grep -v '^malformed.json,' "$out/grades.csv")
[ "$got" = "$expected" ] || fail "gradebook rows differ: $got"
grep -q '^malformed.json,,,,,,,,,"\?/ex6: malformed JSON' "$out/grades.csv" || fail "no error row for malformed.json"
[ "$(ls "$out/feedback" | wc -l)" -eq 5 ] || fail "expected 5 feedback files, got: $(ls "$out/feedback")"
grep -q 'hint: matches the value without biases' "$out/feedback/one, wrong.md" || fail "no diagnosis in the feedback"
grep -q '### Step 1:' "$out/feedback/one, wrong.md" || fail "no solution step in the feedback"
echo ok
