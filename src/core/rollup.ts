// Per-object sizes grouped into rows (a directory, a subsystem, ...) that add up to a parent total.

import type { Columns, ObjectSize } from "./measurement.js";

export interface RollupRow {
  name: string;
  text: number;
  data: number;
  bss: number;
  /** text + data + bss */
  size: number;
}

/** The row for objects without a key (and, in a rollup, whatever the parent holds beyond the objects). */
export const UNATTRIBUTED = "[unattributed]";
/** What the linker script writes or reserves itself (data statements, `. += N`): in no object. */
export const LINKER_MADE = "[linker-made]";
/** Alignment fill and gaps inside the output sections: what `size` counts beyond content and LINKER_MADE. */
export const LINKER_PADDING = "[linker padding]";
/** Bytes in no object when the map did not say which are padding (no link map, or a build stored before kbloat told them apart). */
export const NOT_IN_OBJECTS = "[not in any object]";

const REST_ROWS: ReadonlySet<string> = new Set([UNATTRIBUTED, LINKER_MADE, LINKER_PADDING, NOT_IN_OBJECTS]);

/** True for the rows that no key names: they come last, and `--top` never counts or folds them. */
export function isRestRow(name: string): boolean {
  return REST_ROWS.has(name);
}

/** True for the rows of bytes no object holds: they are not content, so they have no share of it. */
export function isOutsideContent(name: string): boolean {
  return name === LINKER_MADE || name === LINKER_PADDING || name === NOT_IN_OBJECTS;
}

const COLUMNS = ["text", "data", "bss"] as const;

function toRow(name: string, c: Columns): RollupRow {
  return { name, text: c.text, data: c.data, bss: c.bss, size: c.text + c.data + c.bss };
}

/**
 * Sums objects per key (a null key counts as UNATTRIBUTED), then gives UNATTRIBUTED the parent minus
 * the sum of all objects, column by column, so that the rows always add up to the parent exactly. The
 * UNATTRIBUTED row is negative where the objects hold more than the parent, and left out only when all
 * three of its columns are 0. Rows come by size descending, then name; UNATTRIBUTED is always last.
 */
export function computeRollup(objects: ObjectSize[], keyOf: (path: string) => string | null, parent: Columns): RollupRow[] {
  const sums = new Map<string, Columns>();
  const rest: Columns = { text: parent.text, data: parent.data, bss: parent.bss };
  for (const o of objects) {
    const key = keyOf(o.path) ?? UNATTRIBUTED;
    let sum = sums.get(key);
    if (sum === undefined) {
      sum = { text: 0, data: 0, bss: 0 };
      sums.set(key, sum);
    }
    for (const col of COLUMNS) {
      sum[col] += o[col];
      rest[col] -= o[col];
    }
  }
  const unattributed = sums.get(UNATTRIBUTED) ?? { text: 0, data: 0, bss: 0 };
  sums.delete(UNATTRIBUTED);
  const rows = [...sums].map(([name, c]) => toRow(name, c));
  rows.sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const col of COLUMNS) unattributed[col] += rest[col];
  if (COLUMNS.some((col) => unattributed[col] !== 0)) rows.push(toRow(UNATTRIBUTED, unattributed));
  return rows;
}

/**
 * The first `depth` directories of an object path: `directoryOf("arch/x86/kernel/head_64.o", 2)` is
 * "arch/x86". A path with fewer directories gives all it has, and one with none gives ".".
 */
export function directoryOf(path: string, depth: number): string {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`directory depth must be a positive integer, not ${depth}`);
  const dirs = path
    .split("/")
    .slice(0, -1)
    .filter((part) => part !== "" && part !== ".");
  return dirs.length === 0 ? "." : dirs.slice(0, depth).join("/");
}

/** Throws, naming the column, unless the rows add up to the parent and each row's size is its columns' sum. */
export function checkRollupSums(rows: RollupRow[], parent: Columns): void {
  for (const r of rows) {
    if (r.size !== r.text + r.data + r.bss) {
      throw new Error(`rollup row ${r.name}: size ${r.size} is not text + data + bss = ${r.text + r.data + r.bss}`);
    }
  }
  for (const col of COLUMNS) {
    const sum = rows.reduce((acc, r) => acc + r[col], 0);
    if (sum !== parent[col]) throw new Error(`rollup ${col} column sums to ${sum}, the parent has ${parent[col]}`);
  }
}
