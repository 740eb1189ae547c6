#!/usr/bin/env bash
# Writes every figure with --plots and renders each SVG to PNG with rsvg-convert, so that a figure
# that does not draw (bad SVG, empty picture) fails the suite.
set -eu
hw6=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$hw6" all --plots "$dir/svg" --format markdown > "$dir/all.md" 2>/dev/null
n=0
for svg in "$dir"/svg/*.svg; do
  [ -e "$svg" ] || { echo "FAILED: no figure written"; exit 1; }
  grep -q '</svg>' "$svg" || { echo "FAILED: $svg is not complete SVG"; exit 1; }
  if command -v rsvg-convert >/dev/null; then
    rsvg-convert -o "$svg.png" "$svg"
    size=$(stat -c %s "$svg.png")
    [ "$size" -gt 2000 ] || { echo "FAILED: $svg renders to a nearly empty PNG ($size bytes)"; exit 1; }
  fi
  grep -q "$(basename "$svg")" "$dir/all.md" || { echo "FAILED: the markdown does not embed $(basename "$svg")"; exit 1; }
  n=$((n + 1))
done
command -v rsvg-convert >/dev/null || echo "note: rsvg-convert not installed; SVGs checked for completeness only"
echo "ok: $n figures"
