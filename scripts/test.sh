#!/usr/bin/env bash
# Every test: the fast unit tests, then the real-kernel tests (x86_64 tinyconfig of Debian's
# 6.1 and 6.12 sources, built once and cached with ccache).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent typecheck
npm test
npm run test:kernel
