#!/usr/bin/env bash
# --gradebook naming one of the answer files (by another spelling of its path): exit 2, one line
# on stderr, nothing on stdout, and the answer file untouched (it was overwritten by the CSV).
# Run on copies, so that a failure cannot damage the planted class.
set -u
hw6=$1 class=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$class/right.json" "$class/partial.json" "$work/"
cp "$work/right.json" "$work/right.orig"
cd "$work" || exit 1
mkdir -p sub
"$hw6" verify partial.json right.json --gradebook ./sub/../right.json >out 2>err
rc=$?
fail() { echo "FAILED: $*"; cat out err; exit 1; }
[ "$rc" -eq 2 ] || fail "exit status $rc, expected 2"
[ ! -s out ] || fail "stdout should be empty"
[ "$(wc -l <err)" -eq 1 ] || fail "stderr should be one line"
grep -q '^hw6: error: ./sub/../right.json: the gradebook would overwrite the answer file right.json' err || fail "wrong message"
cmp -s right.json right.orig || fail "right.json was changed"
echo ok
