// The kernel's ARCH for a vmlinux built elsewhere, as the top Makefile names architectures
// (x86_64 and i386 for arch/x86, arm64, riscv, ...): from the ELF header's machine and class,
// and the .config where one machine has two ARCH names.

/** e_machine values (elf.h) of the architectures Linux builds for, and their ARCH. */
const BY_MACHINE: Record<number, (bits: 32 | 64, config: Map<string, string> | null) => string> = {
  3: () => "i386",
  62: () => "x86_64",
  40: () => "arm",
  183: () => "arm64",
  243: () => "riscv",
  20: () => "powerpc",
  21: () => "powerpc",
  22: () => "s390",
  8: () => "mips",
  258: () => "loongarch",
  2: () => "sparc",
  43: () => "sparc",
  15: (bits) => (bits === 64 ? "parisc64" : "parisc"),
  42: () => "sh",
  94: () => "xtensa",
  164: () => "hexagon",
  113: () => "arc",
  195: () => "arc",
  106: () => "openrisc",
  92: () => "openrisc",
  4: () => "m68k",
  189: () => "microblaze",
  16: () => "alpha",
  36902: () => "alpha",
  252: () => "csky",
};

/** ARCH of a kernel whose ELF header says `machine` and `bits`; null when Linux has no such ARCH. */
export function archOfKernel(machine: number, bits: 32 | 64, config: Map<string, string> | null): string | null {
  // x86: a 32-bit kernel is ELF32 EM_386; an x86_64 .config says X86_64=y (and a stray ELF class cannot disagree)
  if ((machine === 62 || machine === 3) && config) return config.get("X86_64") === "y" ? "x86_64" : "i386";
  return BY_MACHINE[machine]?.(bits, config) ?? null;
}

/** A version as kbuild's ld-version.sh encodes it: major*10000 + minor*100 + patch, before 5.13 or so major*1e8 + minor*1e6 + patch*1e4. */
function decodeLinkerVersion(v: number): string {
  const old = v >= 100_000_000;
  const [major, minor, patch] = old
    ? [Math.floor(v / 1e8), Math.floor(v / 1e6) % 100, Math.floor(v / 1e4) % 100]
    : [Math.floor(v / 1e4), Math.floor(v / 100) % 100, v % 100];
  return `${major}.${minor}${patch ? `.${patch}` : ""}`;
}

/**
 * The toolchain as the .config records it (kbuild writes CONFIG_CC_VERSION_TEXT, and the linker's
 * kind and version): "gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld 2.40". Null without a .config
 * that says it (kernels before 5.8 have no CC_VERSION_TEXT).
 */
export function toolchainOfConfig(config: Map<string, string>): string | null {
  const cc = config.get("CC_VERSION_TEXT")?.replace(/^"|"$/g, "");
  if (!cc) return null;
  const lld = config.get("LD_IS_LLD") === "y";
  const version = Number(config.get(lld ? "LLD_VERSION" : "LD_VERSION") ?? "");
  return version > 0 ? `${cc}; ${lld ? "LLD" : "GNU ld"} ${decodeLinkerVersion(version)}` : cc;
}
