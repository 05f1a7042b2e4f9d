// Bytes per config option: each object's bytes go to the option that directly brings it into
// vmlinux, the innermost enabled CONFIG_ symbol of its chain. Objects that every level lists
// unconditionally go to [obj-y]; objects the Kbuild reader did not find go to [unattributed].

import type { ObjectSize } from "../measurement.js";
import { checkRollupSums, computeRollup, type RollupRow, UNATTRIBUTED } from "../rollup.js";
import type { KbuildCondition, KbuildTree } from "./kbuild-types.js";

/** The row of objects that no enabled option brings in: `obj-y` (or only `ifndef`-style tests) all the way down. */
export const UNCONDITIONAL = "[obj-y]";

/** `CONFIG_X` for the innermost enabled CONFIG_ link of a chain, UNCONDITIONAL when there is none. */
export function innermostOption(chain: readonly KbuildCondition[]): string {
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i];
    if (c.kind === "config" && c.enabled) return `CONFIG_${c.symbol}`;
  }
  return UNCONDITIONAL;
}

/**
 * Objects the final link loads that no kbuild file lists, made by scripts/link-vmlinux.sh and
 * Makefile.vmlinux, each only under one option: the symbol table of CONFIG_KALLSYMS
 * (`.tmp_vmlinux2.kallsyms.o`, `.tmp_vmlinux.kallsyms2.o` before 6.1, 1.9 MB of 6.12 def+mod),
 * the table of exported symbols of CONFIG_MODULES (6.4+), and the version stamp every kernel has.
 */
const LINK_VMLINUX_OBJECTS: [RegExp, string][] = [
  [/^\.tmp_vmlinux[.\d]*kallsyms\d*\.o$/, "CONFIG_KALLSYMS"],
  [/^\.vmlinux\.export\.o$/, "CONFIG_MODULES"],
  [/^init\/version-timestamp\.o$/, UNCONDITIONAL],
];

/** An object path's option row name, or null for a path the reader did not find: a key for computeRollup. */
export function createOptionMatcher(tree: KbuildTree): (path: string) => string | null {
  const byPath = new Map(tree.objects.map((o) => [o.path, innermostOption(o.chain)]));
  return (path) => byPath.get(path) ?? LINK_VMLINUX_OBJECTS.find(([re]) => re.test(path))?.[1] ?? null;
}

export interface OptionRow extends RollupRow {
  /** the objects whose bytes make up the row, largest first */
  objects: string[];
}

function sumOf(objects: readonly ObjectSize[]) {
  const s = { text: 0, data: 0, bss: 0 };
  for (const o of objects) {
    s.text += o.text;
    s.data += o.data;
    s.bss += o.bss;
  }
  return s;
}

/**
 * Rows per option over the given objects (their total is the parent, so the rows add up to it
 * exactly), by size descending, [unattributed] last; each row lists its objects.
 */
export function computeOptionRollup(objects: readonly ObjectSize[], tree: KbuildTree): OptionRow[] {
  const keyOf = createOptionMatcher(tree);
  const rows = computeRollup([...objects], keyOf, sumOf(objects));
  const members = new Map<string, ObjectSize[]>();
  for (const o of objects) {
    const key = keyOf(o.path) ?? UNATTRIBUTED;
    const list = members.get(key);
    if (list) list.push(o);
    else members.set(key, [o]);
  }
  const size = (o: ObjectSize) => o.text + o.data + o.bss;
  return rows.map((r) => ({
    ...r,
    objects: (members.get(r.name) ?? []).sort((a, b) => size(b) - size(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((o) => o.path),
  }));
}

/**
 * Throws unless the rows add up to the objects' total column by column (checkRollupSums), every
 * object is listed in exactly one row, and each row's figures are the sum of the objects it lists.
 */
export function checkOptionRollupSums(rows: readonly OptionRow[], objects: readonly ObjectSize[]): void {
  checkRollupSums([...rows], sumOf(objects));
  const byPath = new Map(objects.map((o) => [o.path, o]));
  const listed = new Set<string>();
  for (const r of rows) {
    const mine: ObjectSize[] = [];
    for (const path of r.objects) {
      const o = byPath.get(path);
      if (o === undefined) throw new Error(`option row ${r.name} lists ${path}, which is not one of the objects`);
      if (listed.has(path)) throw new Error(`option row ${r.name} lists ${path}, which another row lists too`);
      listed.add(path);
      mine.push(o);
    }
    const s = sumOf(mine);
    if (s.text !== r.text || s.data !== r.data || s.bss !== r.bss) throw new Error(`option row ${r.name} is not the sum of the objects it lists`);
  }
  const unlisted = objects.filter((o) => !listed.has(o.path));
  if (unlisted.length) throw new Error(`no option row lists ${unlisted.map((o) => o.path).join(", ")}`);
}
