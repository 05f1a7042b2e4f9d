#!/usr/bin/env bash
# Every test: the fast unit tests, then the real-kernel tests (x86_64 tinyconfig of Debian's
# 6.1 and 6.12 sources, built once and cached with ccache; 5.10 and 7.2 for the eras; the pages in
# Chromium, whose screenshots stay in artifacts/screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent typecheck
npm run --silent format:check
npm test
npm run test:kernel
echo "test: the browser test's screenshots are in $(pwd)/artifacts/screenshots"
