#!/usr/bin/env bash
# The main job on the embedded default: build x86_64 tinyconfig of Linux 6.1.192 and 6.12.117
# from Debian's sources (pinned, so the figures do not drift as the archive moves) into the
# default SQLite database, then show where 6.12's bytes go and what grew since 6.1, and the timeline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mapfile -t tarballs < <(bash scripts/fetch-releases.sh 6.1.192 6.12.117)
kbloat() { node bin/kbloat.js "$@"; }
kbloat build "${tarballs[0]}" --recipe tiny
kbloat build "${tarballs[1]}" --recipe tiny
old=$(kbloat --format json list | node -e 'const b=JSON.parse(require("fs").readFileSync(0)).builds.filter(b=>b.status==="ok"&&b.recipe==="tiny");console.log(b.find(b=>b.name.startsWith("6.1."))?.id)')
new=$(kbloat --format json list | node -e 'const b=JSON.parse(require("fs").readFileSync(0)).builds.filter(b=>b.status==="ok"&&b.recipe==="tiny");console.log(b.find(b=>b.name.startsWith("6.12."))?.id)')
echo; echo "\$ kbloat list"; kbloat list
echo; echo "\$ kbloat show $new --by dir --top 12"; kbloat show "$new" --by dir --top 12
echo; echo "\$ kbloat diff $old $new --by subsystem --top 15"; kbloat diff "$old" "$new" --by subsystem --top 15
echo; echo "\$ kbloat diff $old $new --format bloat-o-meter | head -20"; kbloat diff "$old" "$new" --format bloat-o-meter | head -20
echo; echo "\$ kbloat plot"; kbloat plot
echo; echo "see it in a browser: node bin/kbloat.js serve   (then open http://127.0.0.1:8040/)"
