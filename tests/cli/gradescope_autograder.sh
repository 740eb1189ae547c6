#!/usr/bin/env bash
# Runs scripts/gradescope/run_autograder against a fake /autograder folder, as Gradescope would:
# a submission with one wrong value, a malformed one, and none at all. results.json must always
# be written, and its score must be the one derived in tests/test_grading.cpp (5 of 6 points).
set -u
hw6=$1 repo=$2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "FAILED: $*"; cat "$root/results/results.json" "$root/results/hw6_stderr.txt" 2>/dev/null; exit 1; }
run() {
  rm -rf "$root/results"
  HW6_AUTOGRADER_ROOT=$root HW6_BIN=$hw6 "$repo/scripts/gradescope/run_autograder" || fail "run_autograder exited $?"
  [ -s "$root/results/results.json" ] || fail "no results.json"
}
mkdir -p "$root/submission" "$root/source"
cp "$repo/tests/cli/class/rubric.json" "$root/source/rubric.json"

cp "$repo/tests/cli/class/one, wrong.json" "$root/submission/answers.json"
run
grep -q '^  "score": 5\(\.0\)\?,$' "$root/results/results.json" || fail "score is not 5"
[ "$(grep -c '"max_score"' "$root/results/results.json")" -eq 2 ] || fail "expected a test per exercise (ex5, ex6)"
grep -q 'FAIL  /ex6/layers/0/params' "$root/results/results.json" || fail "the wrong value is not in the output"

# The FAIL lines show the expected values: HW6_VISIBILITY keeps them from students until the deadline.
rm -rf "$root/results"
HW6_VISIBILITY=after_due_date HW6_AUTOGRADER_ROOT=$root HW6_BIN=$hw6 "$repo/scripts/gradescope/run_autograder" || fail "run_autograder exited $?"
grep -q '^  "visibility": "after_due_date",$' "$root/results/results.json" || fail "no visibility"
[ "$(head -1 "$root/results/results.json")" = "{" ] && [ "$(sed -n 2p "$root/results/results.json")" = '  "visibility": "after_due_date",' ] &&
  grep -q '^  "score": 5\(\.0\)\?,$' "$root/results/results.json" || fail "results.json with visibility is not the document"

cp "$repo/tests/cli/class/malformed.json" "$root/submission/answers.json"
run
grep -q '^  "score": 0\(\.0\)\?,$' "$root/results/results.json" || fail "a malformed submission should score 0"
grep -q 'could not grade .*malformed JSON' "$root/results/results.json" || fail "the reason is not in the output"

rm "$root/submission/answers.json"
run
grep -q 'cannot open' "$root/results/results.json" || fail "a missing submission should say so"

# A broken set-up (no hw6): still a results.json, with the reason.
rm -rf "$root/results"
HW6_AUTOGRADER_ROOT=$root HW6_BIN=$root/no-such-hw6 "$repo/scripts/gradescope/run_autograder"
grep -q '"score": 0, "output": "The autograder could not run hw6' "$root/results/results.json" || fail "no fallback results.json"
echo ok
