#!/usr/bin/env bash
# Golden stdout test (ex2): runs a command and compares its stdout with a file, exactly.
#   golden_text.sh GOLDEN -- command args...
# With HW6_UPDATE_GOLDEN=1 the file is rewritten instead (then review every changed line).
set -u
golden=$1
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>/dev/null
if [ "${HW6_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$out" "$golden"; echo "updated $golden"; exit 0; fi
if ! diff -u "$golden" "$out"; then echo "FAILED: stdout differs from $golden"; exit 1; fi
echo ok
