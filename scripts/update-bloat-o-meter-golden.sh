#!/usr/bin/env bash
# Regenerates test/fixtures/bloat-o-meter/SCENARIO/X.Y/expected_MODE.txt by running each given
# kernel tree's own scripts/bloat-o-meter on each scenario's old.nm/new.nm (with an "nm" first in
# PATH that prints the scenario file: 5.10's script has no -p). X.Y is the tree's release, read
# from its Makefile. Usage: scripts/update-bloat-o-meter-golden.sh KERNEL_TREE...
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 KERNEL_TREE... (kernel source trees with scripts/bloat-o-meter)" >&2; exit 2; }
trees=()
for t in "$@"; do trees+=("$(cd "$t" && pwd)"); done
cd "$(dirname "$0")/.."
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
printf '#!/bin/sh\n# called as: nm --size-sort FILE\ncat "$2"\n' > "$fake/nm"
chmod +x "$fake/nm"
for tree in "${trees[@]}"; do
  [ -f "$tree/scripts/bloat-o-meter" ] || { echo "$tree has no scripts/bloat-o-meter; give a kernel source tree" >&2; exit 2; }
  era=$(sed -nE 's/^VERSION = ([0-9]+)$/\1/p; s/^PATCHLEVEL = ([0-9]+)$/\1/p' "$tree/Makefile" | head -2 | paste -sd.)
  for dir in test/fixtures/bloat-o-meter/*/; do
    mkdir -p "$dir/$era"
    for mode in all c d t; do
      flag=(); [ "$mode" = all ] || flag=("-$mode")
      PATH="$fake:$PATH" python3 "$tree/scripts/bloat-o-meter" "${flag[@]}" "$dir/old.nm" "$dir/new.nm" > "$dir/$era/expected_$mode.txt"
    done
  done
  echo "updated $(ls -d test/fixtures/bloat-o-meter/*/ | wc -l) scenarios with $era's script"
done
