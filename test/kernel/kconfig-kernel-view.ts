// The kernel's own view of a Kconfig tree, for the real-kernel tests: kconfig-symbols.c linked
// with the scripts/kconfig objects of a configured build directory (the kernel's conf_parse()
// and conf_read()), run with the environment the kernel's Makefile gives its Kconfig tools.

import { type ExecFileSyncOptionsWithStringEncoding, execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { SymbolType } from "../../src/core/kconfig/model.js";
import { ROOT, tool } from "./kernel-env.js";

/** one symbol as the kernel's own code sees it */
export interface KernelSymbol {
  type: SymbolType;
  defined: boolean;
  /** under a .config, for bool and tristate symbols: 0 n, 1 m, 2 y */
  value?: number;
  visible?: number;
  selected?: number;
}

/** What the kernel's Makefile exports to scripts/kconfig/conf for ARCH=x86_64. */
export function confEnv(tree: string, version: string): Record<string, string> {
  const cc = tool("gcc", ["--version"]).split("\n")[0];
  const tools = { CC: "gcc", LD: "ld", AR: "ar", NM: "nm", OBJCOPY: "objcopy", OBJDUMP: "objdump", READELF: "readelf", STRIP: "strip", HOSTCC: "gcc" };
  const rust = { RUSTC: "rustc", BINDGEN: "bindgen", PAHOLE: "pahole" };
  return { srctree: tree, ARCH: "x86_64", SRCARCH: "x86", KERNELVERSION: version, ...tools, CC_VERSION_TEXT: cc, ...rust };
}

/**
 * Links kconfig-symbols.c with the objects conf is made of in OUT/scripts/kconfig (every .o but
 * conf.o: which ones differs between releases, 5.10's parser.y includes menu.c) into `bin`.
 */
export function buildKernelView(tree: string, out: string, bin = join(out, "kconfig-symbols")): string {
  const kc = join(out, "scripts", "kconfig");
  const objects = readdirSync(kc)
    .filter((f) => f.endsWith(".o") && f !== "conf.o")
    .map((f) => join(kc, f));
  const includes = ["-I", join(tree, "scripts/kconfig"), "-I", join(tree, "scripts/include"), "-I", kc];
  tool("gcc", [...includes, join(ROOT, "test/kernel/kconfig-symbols.c"), ...objects, "-o", bin]);
  return bin;
}

/** The kernel's own symbol table (run in `cwd`, where a relative `config` is read), and what it computes for a .config. */
export function kernelView(bin: string, cwd: string, env: Record<string, string>, config?: string): Map<string, KernelSymbol> {
  const args = config === undefined ? ["Kconfig"] : ["Kconfig", config];
  const options: ExecFileSyncOptionsWithStringEncoding = { cwd, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", maxBuffer: 64 << 20 };
  const out = execFileSync(bin, args, { ...options, stdio: ["ignore", "pipe", "ignore"] });
  const symbols = new Map<string, KernelSymbol>();
  for (const line of out.trim().split("\n")) {
    const [name, type, defined, value, visible, selected] = line.split("\t");
    const s: KernelSymbol = { type: (type === "integer" ? "int" : type) as SymbolType, defined: defined === "1" };
    if (value !== undefined) Object.assign(s, { value: Number(value), visible: Number(visible), selected: Number(selected) });
    symbols.set(name, s);
  }
  return symbols;
}
