// What binutils say about a vmlinux and a build tree: the oracles of the real-kernel tests.

import { tool } from "./kernel-env.js";

/** `size`'s Berkeley figures */
export function sizeTotals(vmlinux: string): { text: number; data: number; bss: number; total: number } {
  const [text, data, bss, total] = tool("size", [vmlinux]).split("\n")[1].trim().split(/\s+/).map(Number);
  return { text, data, bss, total };
}

/** `size -A`: every section's size by name */
export function sizeSections(vmlinux: string): Map<string, number> {
  const sysv = new Map<string, number>();
  for (const line of tool("size", ["-A", vmlinux]).split("\n").slice(2)) {
    const [name, size] = line.trim().split(/\s+/);
    if (name && name !== "Total") sysv.set(name, Number(size));
  }
  return sysv;
}

/** the names of the allocated (A flag) sections, as readelf lists them */
export function allocatedSections(vmlinux: string): Set<string> {
  const lines = tool("readelf", ["-SW", vmlinux])
    .split("\n")
    .filter((l) => /\]\s/.test(l) && /\s[WAXMS]*A[WAXMS]*\s+\d+\s+\d+\s+\d+\s*$/.test(l));
  return new Set(lines.map((l) => l.replace(/^.*\]\s+/, "").split(/\s+/)[0]));
}

/** every sized symbol nm lists (but absolute and undefined ones), bytes summed per name */
export function nmSymbols(vmlinux: string): Map<string, number> {
  const nm = new Map<string, number>();
  for (const line of tool("nm", ["-S", "--size-sort", vmlinux]).split("\n")) {
    const [, size, type, name] = line.split(" ");
    if (!name || "aAU".includes(type)) continue;
    nm.set(name, (nm.get(name) ?? 0) + Number.parseInt(size, 16));
  }
  return nm;
}

/**
 * `show --by symbol` rows as nm would list them: a row of aliases, "name (= alias, alias)", is
 * each of those names with the row's bytes; then summed per name, as nmSymbols sums them.
 */
export function symbolRowsByName(rows: { name: string; size: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (r.name.startsWith("[")) continue;
    const m = /^(\S+) \(= (.*)\)$/.exec(r.name);
    for (const name of m ? [m[1], ...m[2].split(", ")] : [r.name]) out.set(name, (out.get(name) ?? 0) + r.size);
  }
  return out;
}

/** the members of a (thin) archive of a build tree, as `ar t` lists them there (paths relative to the tree) */
export function archiveMembers(dir: string, archive: string): string[] {
  return tool("ar", ["t", archive], dir).split("\n").filter(Boolean);
}
