#!/usr/bin/env bash
# Two students hand in the same generated variant (one copied the other's file): the class summary
# names both files and the variant, in text and in --format json; a third student's own seed is
# not named. Exit 0: every file graded and every answer right (the copy is a note, not an error).
#   fix_class_shared_variant.sh HW6
set -u
hw6=$(realpath "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
cd "$dir" || exit 1
# Answer ex7's T (3 tokens in every generated variant: README's table) in each student's template.
for s in 3 4; do "$hw6" generate all --seed $s | sed 's/"T": null/"T": 3/' > "seed$s.json" || fail "generate --seed $s"; done
cp seed3.json alice.json
cp seed3.json "bob copy.json"
cp seed4.json carol.json
"$hw6" verify alice.json carol.json "bob copy.json" > out.txt 2> err.txt; rc=$?
[ "$rc" -eq 0 ] || fail "exit $rc: $(cat err.txt)"
grep -qx 'same variant (generated --seed 3) in 2 files: alice.json, bob copy.json' out.txt || fail "no line naming the copy: $(tail -3 out.txt)"
grep -q 'seed 4' out.txt && fail "carol's own variant is named: $(tail -3 out.txt)"
"$hw6" verify alice.json carol.json "bob copy.json" --format json > out.json || fail "--format json exited $?"
# (keys in hw6's order: problem, then files; spaces and newlines taken out)
tr -d ' \n' < out.json | grep -q '"shared_variants":\[{"problem":"generated--seed3","files":\["alice.json","bobcopy.json"\]}\]' ||
  fail "shared_variants: $(tr -d ' \n' < out.json | grep -o '"shared_variants".*')"
echo ok
