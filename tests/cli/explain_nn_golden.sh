#!/usr/bin/env bash
# Compares a command's stdout with a golden file, exactly, and prints the difference when they
# differ. The goldens were read line by line when written; a change in wording must be reviewed
# the same way. To rewrite a golden after such a review: HW6_UPDATE_GOLDEN=1 ctest -R <test>.
#   explain_nn_golden.sh GOLDEN_FILE EXPECTED_RC -- command args...
set -u
golden=$1 rc_expected=$2
shift 3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>/dev/null
rc=$?
if [ "${HW6_UPDATE_GOLDEN:-}" = 1 ]; then cp "$out" "$golden"; echo "updated $golden"; exit 0; fi
[ "$rc" -eq "$rc_expected" ] || { echo "FAILED: exit status $rc, expected $rc_expected: $*"; exit 1; }
# Exact, except the measured errors in the Checks section ("max scaled error: 5.711e-12"): round-off
# of order 1e-12 that may differ between an optimized and a sanitizer build. They are masked in
# both files; every word and every result above the checks is compared as is.
mask() { sed -E '/^Checks$/,$ s/[0-9]\.[0-9]{3}e[-+][0-9]{2}/#.###e-##/g' "$1"; }
if ! diff -u <(mask "$golden") <(mask "$out"); then echo "FAILED: the output differs from $golden (lines - expected, + got)"; exit 1; fi
echo ok
