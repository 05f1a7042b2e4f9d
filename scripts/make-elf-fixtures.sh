#!/usr/bin/env bash
# Builds the ELF fixtures of test/unit/elf.test.ts from the sources in test/fixtures/elf/.
# Binary fixtures are never committed: the test runs this script into a temporary directory.
#
#   scripts/make-elf-fixtures.sh OUTDIR
#
# A fixture whose tool (gcc, gcc -m32, a cross assembler, ...) is missing is skipped with a
# message on stderr; a fixture whose tool is present but fails is an error (exit status 1,
# after building the others). OUTDIR/fixtures.tsv lists the outcome, one line per fixture,
# tab separated:
#
#   elf        NAME FILE TOOL_PREFIX   an ELF file; TOOL_PREFIX is the binutils prefix of its
#                                      target (e.g. powerpc-linux-gnu-), or "-" for the host's
#   truncated  NAME FILE -             a copy of an ELF fixture cut short
#   not-elf    NAME FILE -             a file that is not ELF at all
#   skipped    NAME REASON -           not built, and why
#
# Debian packages for every fixture: gcc, binutils, libc6-dev (the dynamically linked
# fixture), binutils-powerpc-linux-gnu and binutils-s390x-linux-gnu (big-endian fixtures).

set -u -o pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

SRC="$(cd "$(dirname "$0")/../test/fixtures/elf" && pwd)"
OUT="$1"
mkdir -p "$OUT" || exit 1
OUT="$(cd "$OUT" && pwd)"
MANIFEST="$OUT/fixtures.tsv"
: >"$MANIFEST"
LOG="$OUT/build.log"
: >"$LOG"

built=()
skipped=()
failed=()

have() { command -v "$1" >/dev/null 2>&1; }

skip() { # NAME REASON
  echo "make-elf-fixtures: skipping $1: $2" >&2
  printf 'skipped\t%s\t%s\t-\n' "$1" "$2" >>"$MANIFEST"
  skipped+=("$1")
}

# run NAME FILE PREFIX COMMAND...: runs COMMAND (which writes OUT/FILE), records the fixture
run() {
  local name="$1" file="$2" prefix="$3"
  shift 3
  if (cd "$OUT" && "$@") >>"$LOG" 2>&1 && [ -s "$OUT/$file" ]; then
    printf 'elf\t%s\t%s\t%s\n' "$name" "$file" "$prefix" >>"$MANIFEST"
    built+=("$name")
    return 0
  fi
  echo "make-elf-fixtures: FAILED to build $name: $* (see $LOG)" >&2
  failed+=("$name")
  return 1
}

# probe COMMAND...: whether COMMAND succeeds (output discarded); used for tools that exist
# but may lack support (gcc -m32 without 32-bit support, gcc without libc headers)
probe() { (cd "$OUT" && "$@") >/dev/null 2>&1; }

# --- x86_64, from C, with the host's gcc and binutils ---------------------------------

CFLAGS="-O2 -g -fno-pie -fno-stack-protector -Wall"
host_objects=false
if ! have gcc; then
  for n in x86_64-gcc.o x86_64-linked.o x86_64-ld-r.o x86_64-exe i386-gcc.o x86_64-dynamic; do
    skip "$n" "gcc not found"
  done
elif [ "$(uname -m)" != x86_64 ]; then
  for n in x86_64-gcc.o x86_64-linked.o x86_64-ld-r.o x86_64-exe i386-gcc.o x86_64-dynamic; do
    skip "$n" "host is $(uname -m), not x86_64"
  done
else
  run x86_64-gcc.o x86_64-gcc.o - gcc $CFLAGS -c "$SRC/objects.c" -o x86_64-gcc.o &&
    run x86_64-linked.o x86_64-linked.o - gcc $CFLAGS -c "$SRC/linked.c" -o x86_64-linked.o &&
    host_objects=true
  if ! $host_objects; then
    skip x86_64-ld-r.o "x86_64 objects failed to build"
    skip x86_64-exe "x86_64 objects failed to build"
  elif ! have ld; then
    skip x86_64-ld-r.o "ld not found"
    skip x86_64-exe "ld not found"
  else
    run x86_64-ld-r.o x86_64-ld-r.o - ld -r -o x86_64-ld-r.o x86_64-gcc.o x86_64-linked.o
    # a static executable linked without libc, as the kernel is
    run x86_64-exe x86_64-exe - ld -static -e _start -o x86_64-exe x86_64-gcc.o x86_64-linked.o
  fi

  echo 'int probe;' >"$OUT/probe.c"
  if probe gcc -m32 -c probe.c -o probe.o; then
    run i386-gcc.o i386-gcc.o - gcc -m32 $CFLAGS -c "$SRC/objects.c" -o i386-gcc.o
  else
    skip i386-gcc.o "gcc -m32 cannot compile here"
  fi

  printf '#include <stdio.h>\nint main(void) { return puts(""); }\n' >"$OUT/probe.c"
  if probe gcc probe.c -o probe; then
    run x86_64-dynamic x86_64-dynamic - gcc -O2 -g -o x86_64-dynamic "$SRC/dynamic.c"
  else
    skip x86_64-dynamic "gcc cannot link a libc program (libc6-dev missing?)"
  fi
  rm -f "$OUT/probe.c" "$OUT/probe.o" "$OUT/probe"
fi

# --- the same assembly source, every class and byte order -------------------------------

# asm NAME PREFIX FLAGS...: assembles generic.s with PREFIX"as"
asm() {
  local name="$1" prefix="$2"
  shift 2
  if have "${prefix}as"; then
    run "$name" "$name" "${prefix:--}" "${prefix}as" "$@" -o "$name" "$SRC/generic.s"
  else
    skip "$name" "${prefix}as not found"
  fi
}

asm x86_64-as.o "" --64
asm i386-as.o "" --32
asm x32-as.o "" --x32
asm ppc32-be.o powerpc-linux-gnu- -a32
asm ppc32-le.o powerpc-linux-gnu- -a32 -mlittle
asm ppc64-be.o powerpc-linux-gnu- -a64
asm s390-be.o s390x-linux-gnu- -m31
asm s390x-be.o s390x-linux-gnu- -m64

# big-endian linked executables: undefined symbols are left undefined, entry at 0
# link NAME PREFIX INPUT: links INPUT with PREFIX"ld"
link() {
  local name="$1" prefix="$2" input="$3"
  if [ ! -s "$OUT/$input" ]; then
    skip "$name" "$input was not built"
  elif ! have "${prefix}ld"; then
    skip "$name" "${prefix}ld not found"
  else
    run "$name" "$name" "$prefix" "${prefix}ld" -static -e 0 --unresolved-symbols=ignore-all -o "$name" "$input"
  fi
}

link ppc32-be-exe powerpc-linux-gnu- ppc32-be.o
link s390x-be-exe s390x-linux-gnu- s390x-be.o

# --- extended section numbering (SHN_XINDEX), ELF64 LE and ELF32 BE ---------------------

if have as; then
  run many-sections-x86_64.o many-sections-x86_64.o - as --64 -o many-sections-x86_64.o "$SRC/many-sections.s"
else
  skip many-sections-x86_64.o "as not found"
fi
if have powerpc-linux-gnu-as; then
  run many-sections-ppc32.o many-sections-ppc32.o powerpc-linux-gnu- \
    powerpc-linux-gnu-as -a32 -o many-sections-ppc32.o "$SRC/many-sections.s"
else
  skip many-sections-ppc32.o "powerpc-linux-gnu-as not found"
fi

# --- malformed input --------------------------------------------------------------------

if [ ${#built[@]} -gt 0 ]; then
  # the first fixture built, cut in half: its section header table lies past the end
  first="$(awk -F'\t' '$1 == "elf" { print $3; exit }' "$MANIFEST")"
  size=$(wc -c <"$OUT/$first")
  head -c $((size / 2)) "$OUT/$first" >"$OUT/truncated.elf"
  printf 'truncated\ttruncated.elf\ttruncated.elf\t-\n' >>"$MANIFEST"
  # only the ELF header's first 20 bytes
  head -c 20 "$OUT/$first" >"$OUT/truncated-header.elf"
  printf 'truncated\ttruncated-header.elf\ttruncated-header.elf\t-\n' >>"$MANIFEST"
else
  skip truncated.elf "no ELF fixture was built"
  skip truncated-header.elf "no ELF fixture was built"
fi
# the ELF magic and nothing else
printf '\177ELF' >"$OUT/magic-only.elf"
cp "$SRC/objects.c" "$OUT/not-elf.bin"
printf 'not-elf\tnot-elf.bin\tnot-elf.bin\t-\n' >>"$MANIFEST"
printf 'truncated\tmagic-only.elf\tmagic-only.elf\t-\n' >>"$MANIFEST"

echo "make-elf-fixtures: built ${#built[@]} in $OUT: ${built[*]:-(none)}"
[ ${#skipped[@]} -eq 0 ] || echo "make-elf-fixtures: skipped ${#skipped[@]}: ${skipped[*]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "make-elf-fixtures: failed ${#failed[@]}: ${failed[*]}" >&2
  exit 1
fi
