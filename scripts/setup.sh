#!/usr/bin/env bash
# Sets a Debian machine up for kbloat: the kernel build packages (gcc and binutils, and clang/lld
# for LLVM=1 builds), Chromium (for the page tests), PostgreSQL and Redis (the farm's tests start private servers),
# kbloat's npm packages and build (the CLI and the web pages), and two real kernel sources, Debian's
# linux-source of the pinned releases 6.1.192 and 6.12.117 (scripts/fetch-releases.sh), cached
# under ~/.cache/kbloat/tarballs. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential flex bison bc libelf-dev libssl-dev cpio ccache dwarves kmod xz-utils python3 rsync git patch
  binutils-powerpc-linux-gnu binutils-s390x-linux-gnu chromium fonts-dejavu-core zsh clang lld llvm postgresql redis-server)
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo

missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (compiles better-sqlite3 the first time: a few minutes)"
  npm ci --no-audit --no-fund
fi
npm run --silent build

bash scripts/fetch-releases.sh 6.1.192 6.12.117 >/dev/null
echo "setup: ready ($(ls "${XDG_CACHE_HOME:-$HOME/.cache}/kbloat/tarballs" | tr '\n' ' '))"
