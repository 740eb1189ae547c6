#!/usr/bin/env bash
# Runs a command and checks how it ends, as a user or a script would see it.
#   expect.sh --rc N [--stdout-empty | --stdout-regex RE] [--stderr-regex RE] [--stderr-one-line]
#             [--stdout-absent RE] [--stderr-empty] [--stdin FILE] -- command args...
set -u
rc_expected=0 stderr_empty=0 stdout_empty=0 stdout_re="" stdout_absent="" stderr_re="" one_line=0 stdin=/dev/null
while [ $# -gt 0 ]; do
  case "$1" in
    --rc) rc_expected=$2; shift 2 ;;
    --stdout-empty) stdout_empty=1; shift ;;
    --stdout-regex) stdout_re=$2; shift 2 ;;
    --stdout-absent) stdout_absent=$2; shift 2 ;;
    --stderr-regex) stderr_re=$2; shift 2 ;;
    --stderr-one-line) one_line=1; shift ;;
    --stderr-empty) stderr_empty=1; shift ;;
    --stdin) stdin=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "expect.sh: unknown option $1"; exit 2 ;;
  esac
done
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" <"$stdin" >"$out" 2>"$err"
rc=$?
fail() { echo "FAILED: $*"; echo "--- command: $*"; echo "--- stdout (first 20 lines):"; head -20 "$out"; echo "--- stderr:"; cat "$err"; exit 1; }
[ "$rc" -eq "$rc_expected" ] || fail "exit status $rc, expected $rc_expected"
if [ $stdout_empty -eq 1 ] && [ -s "$out" ]; then fail "stdout should be empty"; fi
if [ -n "$stdout_re" ] && ! grep -Eq -- "$stdout_re" "$out"; then fail "stdout does not match /$stdout_re/"; fi
if [ -n "$stdout_absent" ] && grep -Eq -- "$stdout_absent" "$out"; then fail "stdout matches /$stdout_absent/, which it must not"; fi
if [ -n "$stderr_re" ] && ! grep -Eq -- "$stderr_re" "$err"; then fail "stderr does not match /$stderr_re/"; fi
if [ $stderr_empty -eq 1 ] && [ -s "$err" ]; then fail "stderr should be empty"; fi
if [ $one_line -eq 1 ] && [ "$(wc -l <"$err")" -ne 1 ]; then fail "stderr should be exactly one line"; fi
# A NaN number prints as "nan" (text) or would break JSON; the prose word "NaN" is allowed.
if grep -Eq '(^|[^A-Za-z])-?nan([^A-Za-z]|$)' "$out"; then fail "nan in the output"; fi
echo "ok"
