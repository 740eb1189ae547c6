#!/usr/bin/env bash
# Robustness cases that need a generated input or a faulty output (issue 11):
#   robust.sh HW6 CASE
# Large inputs are generated here, at test time, rather than kept in the repository.
set -u
hw6=$1 case=$2
here=$(cd "$(dirname "$0")" && pwd)
expect=$here/expect.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

brackets() { head -c "$2" /dev/zero | tr '\0' "$1"; }  # brackets CHAR COUNT

# disk_full STDERR_REGEX COMMAND...: a full disk emulated by a file-size limit of 1 KB (SIGXFSZ
# ignored, so a write fails with EFBIG as it would with ENOSPC); the command must end with exit 2,
# one line on stderr matching the regex, and nothing on stdout.
disk_full() {
  local regex=$1
  shift
  (
    trap '' XFSZ
    ulimit -f 1
    "$@" > "$tmp/out" 2> "$tmp/err"
    echo $? > "$tmp/rc"
  )
  rc=$(cat "$tmp/rc")
  [ "$rc" -eq 2 ] || { echo "FAILED: exit $rc, expected 2"; cat "$tmp/err"; exit 1; }
  [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "$regex" "$tmp/err" || { echo "FAILED: stderr:"; cat "$tmp/err"; exit 1; }
  [ ! -s "$tmp/out" ] || { echo "FAILED: stdout not empty:"; head -5 "$tmp/out"; exit 1; }
}

case $case in
  deep_problem)
    # 100,000 nested arrays where a matrix belongs, for every exercise that reads one: this crashed
    # (SIGSEGV, exit 139, nothing on stderr) in a recursive copy of the document.
    for ex in ex1 ex3 ex4 ex5 ex7; do
      { printf '{"X": '; brackets '[' 100000; brackets ']' 100000; printf ', "y": 1}'; } > "$tmp/deep.json"
      "$expect" --rc 2 --stdout-empty --stderr-one-line \
        --stderr-regex "^hw6: error: .*deep.json: /X(/0){511}: malformed JSON: nesting deeper than 512 levels at line 1, column 518" \
        -- "$hw6" $ex "$tmp/deep.json" || exit 1
    done ;;
  deep_key)
    # A single key nested 100,000 times (objects rather than arrays).
    { for _ in $(seq 100000); do printf '{"a":'; done; printf '1'; brackets '}' 100000; } > "$tmp/deep.json"
    "$expect" --rc 2 --stdout-empty --stderr-one-line --stderr-regex "deep.json: (/a){512}: malformed JSON: nesting deeper than 512 levels at line 1, column 2561" \
      -- "$hw6" ex5 "$tmp/deep.json" ;;
  deep_stdin)
    # From standard input, which cannot be read twice to place the error: no position, same limit.
    { printf '{"X": '; brackets '[' 100000; brackets ']' 100000; printf ', "y": 1}'; } > "$tmp/deep.json"
    "$expect" --rc 2 --stdout-empty --stderr-one-line --stdin "$tmp/deep.json" \
      --stderr-regex "^hw6: error: <stdin>: /X(/0){511}: malformed JSON: nesting deeper than 512 levels \(hw6 reads" -- "$hw6" ex4 - ;;
  deep_answer)
    # Deep nesting inside an answer file's embedded problem.
    { printf '{"ex5": {"problem": {"softmax": {"inputs": '; brackets '[' 100000; brackets ']' 100000; printf '}}}}'; } > "$tmp/answers.json"
    "$expect" --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: .*answers.json: /ex5/problem/softmax/inputs(/0){508}: malformed JSON: nesting deeper than 512" \
      -- "$hw6" verify "$tmp/answers.json" ;;
  directory)
    "$expect" --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: $tmp: is a directory; expected a JSON file" \
      -- "$hw6" ex5 "$tmp" || exit 1
    "$expect" --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: $tmp: is a directory" \
      -- "$hw6" verify "$tmp" ;;
  stdout_full)
    # A full disk behind stdout: one line and exit 2, not a silent success.
    "$hw6" all --format json > /dev/full 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || { echo "FAILED: exit $rc, expected 2"; cat "$tmp/err"; exit 1; }
    [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "^hw6: error: cannot write to standard output: No space left on device" "$tmp/err" \
      || { echo "FAILED: stderr:"; cat "$tmp/err"; exit 1; }
    echo ok ;;
  stdout_closed)
    # The reader stops after one line: nothing on stderr; hw6 ends by SIGPIPE (141) like cat, or
    # with its usual status when SIGPIPE is ignored.
    for ignore in no yes; do
      if [ $ignore = yes ]; then trap '' PIPE; fi
      set -o pipefail
      "$hw6" all 2> "$tmp/err" | head -1 > /dev/null
      rc=$?
      set +o pipefail
      case $rc in 0|141) ;; *) echo "FAILED: exit $rc (SIGPIPE ignored: $ignore)"; cat "$tmp/err"; exit 1 ;; esac
      [ ! -s "$tmp/err" ] || { echo "FAILED: stderr not empty (SIGPIPE ignored: $ignore):"; cat "$tmp/err"; exit 1; }
    done
    echo ok ;;
  plots_full)
    # A full disk under --plots: one line, exit 2, no figure file (whole or half), no temporary
    # file left behind, nothing on stdout.
    disk_full "^hw6: error: $tmp/plots/.*\.svg: cannot write: File too large" "$hw6" ex4 --plots "$tmp/plots"
    left=$(find "$tmp/plots" -type f | wc -l)
    [ "$left" -eq 0 ] || { echo "FAILED: files left in the plots folder:"; ls -la "$tmp/plots"; exit 1; }
    echo ok ;;
  feedback_full)
    # A full disk under --feedback (the feedback file is 2.7 KB), found only when writing: one
    # line, exit 2 and nothing on stdout (not the verdicts and then exit 2).
    disk_full "^hw6: error: $tmp/fb/one, wrong.md: cannot write: File too large" "$hw6" verify "$here/class/one, wrong.json" --feedback "$tmp/fb"
    echo ok ;;
  *) echo "robust.sh: unknown case $case"; exit 2 ;;
esac
