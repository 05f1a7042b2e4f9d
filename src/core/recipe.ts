// A Recipe: how a kernel is configured and built. Its canonical form is what its hash is taken of.

import { UserError } from "./user-error.js";

export type ConfigBase = { kind: "make"; target: "tinyconfig" | "allnoconfig" | "defconfig" } | { kind: "file"; path: string; text: string };

export type Transform =
  | { kind: "yes2modconfig" }
  | { kind: "fragment"; path: string; text: string }
  | { kind: "enable"; symbol: string }
  | { kind: "module"; symbol: string }
  /** a unified diff (patch -p1) applied to a copy of the source tree before configuring */
  | { kind: "patch"; path: string; text: string }
  | { kind: "disable"; symbol: string };

/** A recipe with an option set to m builds the modules too (`make vmlinux modules`): the proof of a modularization is its .ko. */
export const buildsModules = (r: Pick<Recipe, "transforms">) => r.transforms.some((t) => t.kind === "module");

export interface Toolchain {
  /** C compiler as given to make (CC=), empty for the default */
  cc: string;
  llvm: boolean;
  crossCompile: string;
}

export interface Recipe {
  /** short human name: tiny, def+mod, myconfig+frag, ... */
  name: string;
  base: ConfigBase;
  transforms: Transform[];
  arch: string;
  toolchain: Toolchain;
}

const BASES: Record<string, "tinyconfig" | "allnoconfig" | "defconfig"> = {
  tiny: "tinyconfig",
  tinyconfig: "tinyconfig",
  allno: "allnoconfig",
  allnoconfig: "allnoconfig",
  def: "defconfig",
  defconfig: "defconfig",
};

export const KNOWN_RECIPES = "tiny, allno, def, or a .config file; add +mod for yes2modconfig (e.g. tiny+mod, def+mod)";

export interface RecipeOptions {
  spec: string;
  arch: string;
  toolchain: Toolchain;
  /** contents of a .config file when spec names one */
  configText?: (path: string) => string | undefined;
  fragments: { path: string; text: string }[];
  enable: string[];
  /** options set to m, as scripts/config --module does */
  module?: string[];
  disable: string[];
}

const SYMBOL = /^[A-Za-z0-9_]+$/;

/** Parses `tiny`, `def+mod`, `path/to/.config+mod` and the transform options into a Recipe. */
export function parseRecipe(o: RecipeOptions): Recipe {
  const parts = o.spec.split("+");
  const baseSpec = parts[0];
  const mods = parts.slice(1);
  for (const m of mods) {
    if (m !== "mod") throw new UserError(`unknown recipe transform "+${m}" in "${o.spec}"`, `use ${KNOWN_RECIPES}`);
  }
  let base: ConfigBase;
  const target = BASES[baseSpec];
  if (target) base = { kind: "make", target };
  else {
    const text = o.configText?.(baseSpec);
    if (text === undefined) throw new UserError(`unknown recipe "${o.spec}": not a known base and no such .config file`, `use ${KNOWN_RECIPES}`);
    base = { kind: "file", path: baseSpec, text };
  }
  const transforms: Transform[] = [];
  if (mods.includes("mod")) transforms.push({ kind: "yes2modconfig" });
  for (const f of o.fragments) transforms.push({ kind: "fragment", path: f.path, text: f.text });
  for (const s of o.enable) transforms.push({ kind: "enable", symbol: checkSymbol(s) });
  for (const s of o.module ?? []) transforms.push({ kind: "module", symbol: checkSymbol(s) });
  for (const s of o.disable) transforms.push({ kind: "disable", symbol: checkSymbol(s) });
  const extras = [
    ...o.fragments.map((f) => `frag:${f.path.split("/").pop()}`),
    ...o.enable.map((s) => `${checkSymbol(s)}=y`),
    ...(o.module ?? []).map((s) => `${checkSymbol(s)}=m`),
    ...o.disable.map((s) => `${checkSymbol(s)}=n`),
  ];
  const baseName = target ? (Object.entries(BASES).find(([, t]) => t === target)?.[0] ?? baseSpec) : baseSpec.split("/").pop();
  const name = [baseName, ...mods, ...extras].join("+");
  return { name, base, transforms, arch: o.arch, toolchain: o.toolchain };
}

function checkSymbol(s: string): string {
  const sym = s.replace(/^CONFIG_/, "");
  if (!SYMBOL.test(sym)) throw new UserError(`"${s}" is not a Kconfig symbol name`, "pass the name as it appears in Kconfig, e.g. --enable PRINTK");
  return sym;
}

/** The canonical text a recipe's identity hash is taken of (file contents, not paths, count). */
export function canonicalRecipe(r: Recipe): string {
  const base = r.base.kind === "make" ? { make: r.base.target } : { config: r.base.text };
  const transforms = r.transforms.map((t) => (t.kind === "fragment" ? { fragment: t.text } : t.kind === "patch" ? { patch: t.text } : t));
  return JSON.stringify({ base, transforms, arch: r.arch, toolchain: r.toolchain });
}

/** The kernel's ARCH for a host `uname -m`: 64-bit x86 by default on an x86 host. */
export function defaultArch(machine: string): string {
  if (machine === "x86_64" || /^i[3-6]86$/.test(machine)) return "x86_64";
  if (machine === "aarch64") return "arm64";
  if (machine.startsWith("arm")) return "arm";
  if (machine.startsWith("riscv")) return "riscv";
  if (machine.startsWith("ppc")) return "powerpc";
  return machine;
}

/** The kernel's SRCARCH for an ARCH (arch/<SRCARCH>/ holds it), as the top Makefile maps it. */
export function srcArch(arch: string): string {
  const map: Record<string, string> = { i386: "x86", x86_64: "x86", sparc32: "sparc", sparc64: "sparc", parisc64: "parisc", sh64: "sh" };
  return map[arch] ?? arch;
}

/** The make target and build-tree path of the arch's boot image. */
export function bootImage(arch: string): { target: string; path: string } | null {
  const src = srcArch(arch);
  switch (src) {
    case "x86":
      return { target: "bzImage", path: "arch/x86/boot/bzImage" };
    case "arm64":
    case "riscv":
      return { target: "Image.gz", path: `arch/${src}/boot/Image.gz` };
    case "arm":
      return { target: "zImage", path: "arch/arm/boot/zImage" };
    case "s390":
      return { target: "bzImage", path: "arch/s390/boot/bzImage" };
    case "powerpc":
      return { target: "zImage", path: "arch/powerpc/boot/zImage" };
    default:
      return null;
  }
}

/** The whole recipe as stored with a Build: enough for any machine to build it again. */
export function serializeRecipe(r: Recipe): string {
  return JSON.stringify({ name: r.name, base: r.base, transforms: r.transforms, arch: r.arch, toolchain: r.toolchain });
}

/** A stored recipe back; throws on text that is not one (a damaged or foreign row). */
export function parseStoredRecipe(json: string): Recipe {
  const v = JSON.parse(json) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new Error(`stored recipe: ${what}`);
  };
  const str = (x: unknown, what: string): string => (typeof x === "string" ? x : fail(`${what} is not text`));
  const obj = (x: unknown, what: string): Record<string, unknown> =>
    x && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : fail(`${what} is not an object`);
  const b = obj(v.base, "base");
  let base: ConfigBase;
  if (b.kind === "make") {
    const target = str(b.target, "base.target");
    if (target !== "tinyconfig" && target !== "allnoconfig" && target !== "defconfig") fail(`unknown make target ${target}`);
    base = { kind: "make", target: target as "tinyconfig" | "allnoconfig" | "defconfig" };
  } else if (b.kind === "file") base = { kind: "file", path: str(b.path, "base.path"), text: str(b.text, "base.text") };
  else base = fail(`unknown base kind ${String(b.kind)}`);
  if (!Array.isArray(v.transforms)) fail("transforms is not a list");
  const transforms = (v.transforms as unknown[]).map((x, i): Transform => {
    const t = obj(x, `transform ${i}`);
    if (t.kind === "yes2modconfig") return { kind: "yes2modconfig" };
    if (t.kind === "fragment") return { kind: "fragment", path: str(t.path, "fragment path"), text: str(t.text, "fragment text") };
    if (t.kind === "patch") return { kind: "patch", path: str(t.path, "patch path"), text: str(t.text, "patch text") };
    if (t.kind === "enable" || t.kind === "disable" || t.kind === "module") return { kind: t.kind, symbol: str(t.symbol, `${t.kind} symbol`) };
    return fail(`unknown transform ${String(t.kind)}`);
  });
  const tc = obj(v.toolchain, "toolchain");
  if (typeof tc.llvm !== "boolean") fail("toolchain.llvm is not true or false");
  const toolchain = { cc: str(tc.cc, "toolchain.cc"), llvm: tc.llvm as boolean, crossCompile: str(tc.crossCompile, "toolchain.crossCompile") };
  return { name: str(v.name, "name"), base, transforms, arch: str(v.arch, "arch"), toolchain };
}
