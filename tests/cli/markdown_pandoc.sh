#!/usr/bin/env bash
# The Markdown write-up of `hw6 all` through a real Markdown processor: Debian's pandoc reads it as
# GitHub-flavoured Markdown with $...$ / $$...$$ math (what GitHub renders) and writes HTML with
# MathML, so every formula goes through pandoc's TeX parser (texmath).
#   markdown_pandoc.sh HW6 [args for hw6 ...]      (default args: all)
# Fails when
#   - pandoc warns (a formula texmath cannot parse: unknown command, bad environment, ...),
#   - a "$" survives outside math and code (a formula that was not recognized as math),
#   - a formula's braces, \begin/\end or \left/\right do not balance (texmath forgives some),
#   - prose turned into markup: any <em> other than the "Problem:"/"Figure" lines hw6 writes in
#     italics, any <strong> other than FAILED, more headings or list items than hw6 wrote,
#   - an image link does not resolve relative to the .md file (written with --plots into a
#     subfolder, with stdout redirected into the .md file, as a student would).
set -u
hw6=$1
shift
[ $# -gt 0 ] || set -- all
command -v pandoc >/dev/null || { echo "FAILED: pandoc is not installed (scripts/deps.sh installs it)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/out"
"$hw6" "$@" --format markdown --plots "$dir/out/figs" >"$dir/out/doc.md" || { echo "FAILED: hw6 $* exited with $?"; exit 1; }
fail() { echo "FAILED: $*"; exit 1; }
pandoc -f gfm+tex_math_dollars -t html5 --mathml --wrap=none --fail-if-warnings "$dir/out/doc.md" -o "$dir/doc.html" 2>"$dir/warnings" ||
  fail "pandoc warns: $(head -c 2000 "$dir/warnings")"
# The headings and list items hw6 writes: lines starting "#" or "- " outside fenced code blocks.
HW6_HEADINGS=$(awk '/^```/ {f = !f; next} !f && /^#/ {n++} END {print n + 0}' "$dir/out/doc.md")
HW6_ITEMS=$(awk '/^```/ {f = !f; next} !f && /^- / {n++} END {print n + 0}' "$dir/out/doc.md")
export HW6_HEADINGS HW6_ITEMS
perl -0777 -ne '
  my $html = $_;
  my @errors;
  # Every formula: balanced braces, environments and \left/\right.
  while ($html =~ m{<annotation encoding="application/x-tex">(.*?)</annotation>}gs) {
    my $tex = $1;
    (my $t = $tex) =~ s/\\[{}]//g;
    my $depth = 0;
    for my $c (split //, $t) { $depth++ if $c eq "{"; $depth-- if $c eq "}"; push(@errors, "unbalanced } in: $tex"), last if $depth < 0; }
    push @errors, "unbalanced { in: $tex" if $depth > 0;
    my $b = () = $tex =~ /\\begin\{/g; my $e = () = $tex =~ /\\end\{/g;
    push @errors, "\\begin/\\end do not match in: $tex" if $b != $e;
    my $l = () = $tex =~ /\\left\b/g; my $r = () = $tex =~ /\\right\b/g;
    push @errors, "\\left/\\right do not match in: $tex" if $l != $r;
  }
  (my $text = $html) =~ s{<math.*?</math>}{}gs;
  $text =~ s{<pre.*?</pre>}{}gs;
  $text =~ s{<code>.*?</code>}{}gs;
  push @errors, "a \$ outside math: ...$1..." if $text =~ /(.{0,60}\$.{0,60})/s;
  while ($text =~ m{<em>(.*?)</em>}gs) { push @errors, "prose became emphasis: <em>$1</em>" unless $1 =~ /^(Problem:|Data file:|Figure )/; }
  while ($text =~ m{<strong>(.*?)</strong>}gs) { push @errors, "prose became bold: <strong>$1</strong>" unless $1 eq "FAILED"; }
  my $headings = () = $text =~ m{<h[1-6][^>]*>}g;
  push @errors, "$headings headings in the HTML, but hw6 wrote $ENV{HW6_HEADINGS} (a prose line became a heading)" if $headings != $ENV{HW6_HEADINGS};
  my $lists = () = $text =~ m{<li>}g;
  push @errors, "$lists list items in the HTML, but hw6 wrote $ENV{HW6_ITEMS} (a prose line became a list item)" if $lists != $ENV{HW6_ITEMS};
  print "$_\n" for @errors;
  exit(@errors ? 1 : 0);
' "$dir/doc.html" >"$dir/errors" || fail "$(head -20 "$dir/errors")"
# Image links resolve next to the .md file.
images=0
while IFS= read -r src; do
  images=$((images + 1))
  [ -f "$dir/out/$src" ] || fail "image link $src does not resolve relative to the .md file"
  case "$src" in /*) fail "image link $src is absolute" ;; esac
done < <(grep -o '<img src="[^"]*"' "$dir/doc.html" | sed 's/<img src="//; s/"$//')
formulas=$(grep -c '<math' "$dir/doc.html")
echo "ok: $formulas formulas parsed, $images image links resolve, no stray markup"
