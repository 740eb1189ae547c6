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
# The last column says which problem each exercise was graded against (an embedded one by its
# hash, #H here): right and one, wrong embed the same LeNet problem, own_variant its own.
expected='file,ex1,ex2,ex3,ex4,ex5,ex6,ex7,total,error,problems
right.json,,,,,1,1,,1,,ex5: built-in; ex6: embedded #H
"one, wrong.json",,,,,1,0.75,,0.833333,,ex5: built-in; ex6: embedded #H
own_variant.json,,,,,0,1,,0.666667,,ex6: embedded #H
partial.json,,,,,1,0,,0.333333,,ex5: built-in'
got=$(grep -v '^malformed.json,' "$out/grades.csv" | sed -E 's/#[0-9a-f]{8}/#H/g')
[ "$got" = "$expected" ] || fail "gradebook rows differ: $got"
hashes=$(grep -o '#[0-9a-f]\{8\}' "$out/grades.csv" | tr '\n' ' ')
set -- $hashes
[ $# -eq 3 ] && [ "$1" = "$2" ] && [ "$1" != "$3" ] || fail "expected one hash for LeNet (twice) and another for own_variant, got: $hashes"
grep -q '| ex6 | 3 | 3 | embedded #[0-9a-f]\{8\} | 4 of 4 |' "$out/feedback/right.md" || fail "no problem column in the feedback"
grep -q '^malformed.json,,,,,,,,,"\?/ex6: malformed JSON' "$out/grades.csv" || fail "no error row for malformed.json"
[ "$(ls "$out/feedback" | wc -l)" -eq 5 ] || fail "expected 5 feedback files, got: $(ls "$out/feedback")"
grep -q 'hint: matches the value without biases' "$out/feedback/one, wrong.md" || fail "no diagnosis in the feedback"
grep -q '### Step 1:' "$out/feedback/one, wrong.md" || fail "no solution step in the feedback"
echo ok
