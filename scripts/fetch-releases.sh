#!/usr/bin/env bash
# fetch-releases.sh VERSION... — fetches Debian's linux-source packages of exact kernel releases
# (e.g. 5.10.223 6.1.192 6.12.117 7.2.13 7.3~rc7) into kbloat's tarball cache as
#   ${XDG_CACHE_HOME:-$HOME/.cache}/kbloat/tarballs/linux-source-VERSION.tar.xz
# through a private apt configuration: the archive's address is read from the machine's own apt
# sources (never edited), the suites that carry the series (bullseye, bookworm, bookworm-security,
# trixie, sid, experimental) go into a private sources list with private lists and cache.
# When the archive no longer has a pinned release, the nearest one of the same X.Y is taken and
# stderr says so (the tarball is then named after the release taken). Tarballs already cached are
# skipped. stdout: the path of each release's tarball, one a line, in the order asked (stderr: notes).
# A release candidate may be spelled 7.3~rc7 (Debian) or 7.3-rc7 (kernel).
# Errors: one line with the cause and the fix, exit 2.
# Environment: KBLOAT_APT_SOURCES (default: /etc/apt/sources.list and /etc/apt/sources.list.d)
# to read the archive's address from elsewhere; KBLOAT_APT_MIRROR to name it directly.
set -euo pipefail

die() { echo "fetch-releases: $*" >&2; exit 2; }
note() { echo "fetch-releases: $*" >&2; }

[ $# -gt 0 ] || die "no release given; usage: scripts/fetch-releases.sh 5.10.223 6.1.192 6.12.117 7.2.13 7.3~rc7"
set -- "${@/-rc/~rc}"
for v in "$@"; do
  [[ "$v" =~ ^[0-9]+\.[0-9]+(\.[0-9]+|~rc[0-9]+)?$ ]] ||
    die "'$v' is not a kernel release; give X.Y.Z (5.10.223), X.Y (7.2) or a release candidate X.Y~rcN (7.3~rc7)"
done
for tool in apt-get apt-cache dpkg-deb tar xz; do
  command -v "$tool" >/dev/null || die "$tool is missing; this script needs Debian's apt and dpkg (sudo apt-get install apt dpkg xz-utils)"
done

cache="${XDG_CACHE_HOME:-$HOME/.cache}/kbloat"
tarballs="$cache/tarballs"
mkdir -p "$tarballs"

# The series (X.Y) of a release: 7.3~rc7 -> 7.3, 5.10.223 -> 5.10.
series_of() { [[ "$1" =~ ^([0-9]+\.[0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }

# A release's place within its series, for "nearest": X.Y~rcN -> N-1000, X.Y -> 0, X.Y.Z -> Z.
position_of() {
  if [[ "$1" =~ ~rc([0-9]+)$ ]]; then echo $((BASH_REMATCH[1] - 1000))
  elif [[ "$1" =~ ^[0-9]+\.[0-9]+\.([0-9]+)$ ]]; then echo "${BASH_REMATCH[1]}"
  else echo 0; fi
}

# What the top Makefile of a release says (VERSION.PATCHLEVEL[.SUBLEVEL]EXTRAVERSION, as kbloat reads it).
expected_makefile_versions() {
  local v=$1 s; s=$(series_of "$v")
  if [[ "$v" =~ ~rc([0-9]+)$ ]]; then echo "$s-rc${BASH_REMATCH[1]} $s.0-rc${BASH_REMATCH[1]}"
  elif [[ "$v" =~ ^[0-9]+\.[0-9]+$ ]]; then echo "$s $s.0"
  else echo "$v"; fi
}

makefile_version() { # TARBALL -> the version its top Makefile gives, or nothing
  tar -xOJf "$1" --wildcards --no-wildcards-match-slash --occurrence=1 '*/Makefile' 2>/dev/null | head -c 4000 | awk -F'[ \t]*=[ \t]*' '
    /^VERSION[ \t]*=/ {v=$2} /^PATCHLEVEL[ \t]*=/ {p=$2} /^SUBLEVEL[ \t]*=/ {s=$2} /^EXTRAVERSION[ \t]*=/ {e=$2}
    END { if (v != "" && p != "") printf "%s.%s%s%s\n", v, p, (s != "" ? "." s : ""), e }' || true
}

version_problem() { # TARBALL RELEASE -> why the tarball is not that release, or nothing
  local got; got=$(makefile_version "$1")
  if [ -z "$got" ]; then echo "cannot read the kernel version from the top Makefile of $1"; return; fi
  for want in $(expected_makefile_versions "$2"); do [ "$got" = "$want" ] && return 0; done
  echo "$1 holds kernel $got, not $2"
}
check_cached() { # TARBALL RELEASE
  local problem; problem=$(version_problem "$1" "$2")
  [ -z "$problem" ] || die "$problem; delete it and run again"
  note "$2: cached ($1)"
}

declare -A path_of=()
report() { for v in "$@"; do echo "${path_of[$v]}"; done; }
missing=()
for v in "$@"; do
  t="$tarballs/linux-source-$v.tar.xz"
  if [ -s "$t" ]; then check_cached "$t" "$v"; path_of[$v]=$t; else missing+=("$v"); fi
done
if [ ${#missing[@]} -eq 0 ]; then report "$@"; exit 0; fi

# The archive's address, from the machine's own sources (one-line .list and deb822 .sources).
source_files() {
  local where=${KBLOAT_APT_SOURCES:-/etc/apt/sources.list /etc/apt/sources.list.d}
  for p in $where; do
    if [ -d "$p" ]; then ls "$p"/*.list "$p"/*.sources 2>/dev/null || true; elif [ -f "$p" ]; then echo "$p"; fi
  done
}
archive_uris() { # prints "URI SUITE" for every Debian deb source
  local f
  while read -r f; do
    case "$f" in
      *.sources) awk '
        function flush() { if (deb && !off && uris != "") { n = split(uris, u, " "); m = split(suites, s, " ");
                                                    for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print u[i], s[j] }
                           deb = 0; off = 0; uris = ""; suites = "" }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        tolower($1) == "types:"  { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
        tolower($1) == "uris:"   { for (i = 2; i <= NF; i++) uris = uris " " $i }
        tolower($1) == "suites:" { for (i = 2; i <= NF; i++) suites = suites " " $i }
        tolower($1) == "enabled:" && tolower($2) == "no" { off = 1 }
        END { flush() }' "$f" ;;
      *) sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && NF >= 3 { print $2, $3 }' ;;
    esac
  done < <(source_files)
}

mirror=${KBLOAT_APT_MIRROR:-}
security=
while read -r uri suite; do
  uri=${uri%/}
  case "$suite" in
    *-security|*/updates) [ -n "$security" ] || security=$uri ;;
    bullseye*|bookworm*|trixie*|forky*|sid|unstable|experimental|stable*|testing*|oldstable*) [ -n "$mirror" ] || mirror=$uri ;;
  esac
done < <(archive_uris)
[ -n "$mirror" ] ||
  die "no Debian archive found in the machine's apt sources ($(source_files | tr '\n' ' ')); set KBLOAT_APT_MIRROR=http://deb.debian.org/debian"
[ -n "$security" ] || security="${mirror%/debian}/debian-security"
mirror=${mirror%/}

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
debs=$(mktemp -d "$cache/debs.XXXXXX")
trap 'rm -rf "$debs"' EXIT
list="$apt_dir/sources.list"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
signed=; [ -f "$keyring" ] && signed="[signed-by=$keyring] "
{
  for suite in bullseye bookworm trixie sid experimental; do echo "deb ${signed}$mirror $suite main"; done
  echo "deb ${signed}$security bookworm-security main"
} > "$list.tmp"
mv "$list.tmp" "$list"
APT=(-o "Dir::Etc::sourcelist=$list" -o Dir::Etc::sourceparts=/nonexistent -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root -q)

first_error() { # apt's output -> its first error, with the reason apt gives on the next line
  awk '/^(Err:|E: |W: Failed)/ && !found { found = 1; line = $0; getline nxt; if (nxt ~ /^ /) { sub(/^ +/, "", nxt); line = line ": " nxt }; print line }
       END { if (!found) print "apt-get failed" }' <<<"$1"
}
note "updating the private package lists ($mirror, $security)"
if ! out=$(apt-get "${APT[@]}" update 2>&1); then
  die "cannot update the private package lists: $(first_error "$out"); check the network or set KBLOAT_APT_MIRROR to a reachable mirror"
fi
if grep -q -E '^(Err:|W: Failed|E: )' <<<"$out"; then
  die "a suite of the Debian archive cannot be reached: $(first_error "$out"); check the network or set KBLOAT_APT_MIRROR to a reachable mirror"
fi

# The Debian versions of linux-source-X.Y the archive has, newest first.
debian_versions() {
  apt-cache "${APT[@]}" madison "linux-source-$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -u -r -V
}
upstream_of() { local u=${1%-*}; echo "${u#*:}"; } # 6.12.117-1~deb12u1 -> 6.12.117

for v in "${missing[@]}"; do
  s=$(series_of "$v")
  versions=$(debian_versions "$s")
  [ -n "$versions" ] || die "the Debian archive has no linux-source-$s; pick a series it carries (5.10, 6.1, 6.12, 7.2, 7.3: apt-cache policy linux-source-X.Y)"
  pick=$(awk -v u="$v" '{ up = $0; sub(/-[^-]*$/, "", up); if (up == u) { print; exit } }' <<<"$versions")
  got=$v
  if [ -z "$pick" ]; then
    want=$(position_of "$v")
    best=; bestd=
    while read -r dv; do
      d=$(( $(position_of "$(upstream_of "$dv")") - want )); d=${d#-}
      if [ -z "$bestd" ] || [ "$d" -lt "$bestd" ]; then best=$dv; bestd=$d; fi
    done <<<"$versions"
    pick=$best
    got=$(upstream_of "$pick")
    t="$tarballs/linux-source-$got.tar.xz"
    note "$v: the archive no longer has it; taking the nearest, $got (Debian $pick)"
    if [ -s "$t" ]; then check_cached "$t" "$got"; path_of[$v]=$t; continue; fi
  fi
  t="$tarballs/linux-source-$got.tar.xz"
  note "$got: downloading linux-source-$s=$pick"
  if ! out=$(cd "$debs" && apt-get "${APT[@]}" download "linux-source-$s=$pick" 2>&1); then
    die "cannot download linux-source-$s=$pick: $(first_error "$out"); run again, or check the network"
  fi
  deb=$(ls "$debs"/linux-source-"$s"_*.deb)
  if ! dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$s.tar.xz" > "$t.tmp-$$"; then
    rm -f "$t.tmp-$$"
    die "$deb holds no ./usr/src/linux-source-$s.tar.xz; the package's layout changed: report it"
  fi
  rm -f "$deb"
  problem=$(version_problem "$t.tmp-$$" "$got")
  if [ -n "$problem" ]; then rm -f "$t.tmp-$$"; die "Debian's linux-source-$s=$pick: $problem; report the package as mislabelled"; fi
  mv "$t.tmp-$$" "$t"
  note "$got: $t ($(du -h "$t" | cut -f1))"
  path_of[$v]=$t
done
report "$@"
