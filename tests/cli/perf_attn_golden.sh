#!/usr/bin/env bash
# Golden text test: runs `hw6 ARGS...`, compares stdout with GOLDEN exactly, except residuals of
# the self-checks (numbers in scientific notation, d.dde±XX, which differ in their last bits from
# one processor or BLAS to another): those are replaced by <residual> on both sides.
#   perf_attn_golden.sh GOLDEN HW6 ARGS...      (HW6_UPDATE_GOLDEN=1 rewrites GOLDEN instead)
set -euo pipefail
golden=$1
shift
actual=$("$@")
if [ "${HW6_UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" >"$golden"
  exit 0
fi
mask() { sed -E 's/-?[0-9]\.[0-9]+e[-+][0-9]+/<residual>/g'; }
if ! diff -u <(mask <"$golden") <(printf '%s\n' "$actual" | mask); then
  echo "output differs from $golden (lines with - are expected, + are actual)" >&2
  exit 1
fi
