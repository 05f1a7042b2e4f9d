#!/usr/bin/env bash
# Regenerates test/fixtures/bloat-o-meter/*/expected_*.txt by running the kernel's own
# scripts/bloat-o-meter on each scenario's old.nm/new.nm (through its -p prefix, with an
# "nm" that prints the scenario file). Usage: scripts/update-bloat-o-meter-golden.sh KERNEL_TREE
set -euo pipefail
tree=${1:?usage: $0 KERNEL_TREE (a kernel source tree with scripts/bloat-o-meter)}
cd "$(dirname "$0")/.."
fake=$(mktemp -d)
printf '#!/bin/sh\n# called as: nm --size-sort FILE\ncat "$2"\n' > "$fake/nm"
chmod +x "$fake/nm"
for dir in test/fixtures/bloat-o-meter/*/; do
  for mode in all c d t; do
    flag=(); [ "$mode" = all ] || flag=("-$mode")
    python3 "$tree/scripts/bloat-o-meter" "${flag[@]}" -p "$fake/" "$dir/old.nm" "$dir/new.nm" > "$dir/expected_$mode.txt"
  done
done
rm -rf "$fake"
echo "updated $(ls -d test/fixtures/bloat-o-meter/*/ | wc -l) scenarios"
