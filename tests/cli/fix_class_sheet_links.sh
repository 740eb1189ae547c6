#!/usr/bin/env bash
# A TA writes each student's problem sheet into a folder of sheets, the figures beside it:
#   hw6 generate all --seed N --format markdown --plots sheets/fig_N > sheets/N.md
# Every image of the .md must then resolve relative to the .md file (as `hw6 exN --format markdown`
# already did), also when the figure folder's name has a space or non-ASCII letters, and pandoc
# must read it as an image (a destination with a space must be written <like this>).
#   fix_class_sheet_links.sh HW6
set -u
hw6=$(realpath "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
mkdir -p "$dir/class/sheets"
cd "$dir/class" || exit 1

# Each image destination of a Markdown file, one per line (the <...> form unwrapped).
images() { perl -ne 'while (/!\[[^\]]*\]\((<[^>]*>|[^)]*)\)/g) { my $d = $1; $d =~ s/^<(.*)>$/$1/; print "$d\n" }' "$1"; }
# Every image of $1 exists relative to the folder of $1; at least $2 images.
check() {
  local md=$1 want=$2 n=0
  while IFS= read -r d; do
    n=$((n + 1))
    [ -f "$(dirname "$md")/$d" ] || fail "$md links $d, which is not a file relative to the .md's folder"
  done < <(images "$md")
  [ "$n" -ge "$want" ] || fail "$md has $n images, expected at least $want: $(grep -n 'svg' "$md" | head -3)"
  if command -v pandoc >/dev/null; then
    local html
    html=$(cd "$(dirname "$md")" && pandoc -f gfm+tex_math_dollars -t html5 --mathml "$(basename "$md")" 2>/dev/null)
    local imgs
    imgs=$(grep -o '<img src="[^"]*"' <<<"$html" | wc -l)
    [ "$imgs" -ge "$want" ] || fail "pandoc reads $imgs images in $md, expected $want (a destination with a space not in <...>?)"
  fi
}

"$hw6" generate all --seed 1001 --format markdown --plots sheets/fig_1001 > sheets/1001.md || fail "generate all exited with $?"
check sheets/1001.md 1
"$hw6" generate ex4 --seed 7 --format markdown --plots "sheets/fig s é" > "sheets/seed 7.md" || fail "generate ex4 exited with $?"
check "sheets/seed 7.md" 1
# The exercise write-ups, with a figure folder whose name has a space.
"$hw6" ex4 --format markdown --plots "sheets/my figs" > sheets/ex4.md || fail "ex4 exited with $?"
check sheets/ex4.md 2
echo ok
