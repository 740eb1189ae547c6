#!/usr/bin/env bash
# Installs the Debian packages hw6 needs, if any is missing (as root, or through sudo).
#   build:  cmake g++ libcli11-dev nlohmann-json3-dev libeigen3-dev doctest-dev
#   speed:  libopenblas0 (loaded at run time for Exercise 7's large matrix products; README "Dependencies")
#   tests:  librsvg2-bin (rsvg-convert renders every SVG figure to PNG, so a figure that does not draw fails)
#           pandoc (reads the Markdown write-up with TeX math, so broken LaTeX or escaping fails)
set -euo pipefail
packages=(cmake g++ make libcli11-dev nlohmann-json3-dev libeigen3-dev doctest-dev libopenblas0 librsvg2-bin pandoc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "hw6: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
