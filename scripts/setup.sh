#!/usr/bin/env bash
# Sets a Debian machine up for kbloat: the kernel build packages, Chromium (for the page tests),
# kbloat's npm packages and build (the CLI and the web pages), and two real kernel sources (Debian's linux-source-6.1 and -6.12), cached under
# ~/.cache/kbloat/tarballs. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential flex bison bc libelf-dev libssl-dev cpio ccache dwarves kmod xz-utils python3 rsync git
  binutils-powerpc-linux-gnu binutils-s390x-linux-gnu chromium fonts-dejavu-core)
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo

missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! apt-cache policy linux-source-6.12 2>/dev/null | grep -q Candidate; then $SUDO apt-get update -qq; fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (compiles better-sqlite3 the first time: a few minutes)"
  npm ci --no-audit --no-fund
fi
npm run --silent build

cache="${XDG_CACHE_HOME:-$HOME/.cache}/kbloat"
mkdir -p "$cache/tarballs" "$cache/debs"
for v in 6.1 6.12; do
  tarball="$cache/tarballs/linux-source-$v.tar.xz"
  [ -s "$tarball" ] && continue
  echo "setup: fetching Debian's linux-source-$v"
  (cd "$cache/debs" && rm -f linux-source-"$v"_*.deb && apt-get download -q "linux-source-$v" 2>&1 | grep -v "unsandboxed" || true)
  deb=$(ls "$cache/debs"/linux-source-"$v"_*.deb)
  dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$v.tar.xz" > "$tarball.tmp"
  mv "$tarball.tmp" "$tarball"
  rm -f "$deb"
done
echo "setup: ready ($(ls "$cache/tarballs" | tr '\n' ' '))"
