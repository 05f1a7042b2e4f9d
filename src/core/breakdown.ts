// Where the bytes of one build go, at a chosen grain, and a diff as a breakdown against a base.
// Every breakdown sums to `size`'s totals: content no key claims sits in [unattributed], and
// what no object holds in [linker-made] and [linker padding] ([not in any object] when the
// build's link map did not tell them apart).

import type { Columns, Measurement, ObjectSize, SymbolSize } from "./measurement.js";
import { computeRollup, directoryOf, isRestRow, LINKER_MADE, LINKER_PADDING, NOT_IN_OBJECTS, type RollupRow } from "./rollup.js";
import { foldSymbolAliases, symbolClass, symbolRowName } from "./symbol-aliases.js";

export type Grain = "section" | "dir" | "subsystem" | "object" | "symbol" | "option";
export const GRAINS: Grain[] = ["section", "dir", "subsystem", "object", "symbol", "option"];

export interface BreakdownInput extends Measurement {
  subsystems: Map<string, string>;
  /** object path → the option row that brings it in (CONFIG_X, [obj-y]); needed for --by option */
  options?: Map<string, string>;
}

export interface BreakdownOptions {
  by: Grain;
  /** directory depth for --by dir */
  depth: number;
}

export function computeBreakdown(m: BreakdownInput, o: BreakdownOptions): RollupRow[] {
  if (o.by === "section") return sectionRows(m);
  // without objects (no link map) nothing tells content from padding: one rest row up to size's totals
  if (m.objects.length === 0) return keyedRows(m, o, m.totals);
  return [...keyedRows(m, o, sumColumns(m.objects)), ...outsideRows(m)];
}

function sectionRows(m: BreakdownInput): RollupRow[] {
  return m.sections.map((s) => ({
    name: s.name,
    text: s.class === "text" ? s.size : 0,
    data: s.class === "data" ? s.size : 0,
    bss: s.class === "bss" ? s.size : 0,
    size: s.size,
  }));
}

/** Rows by the grain's key, adding up to `parent`: what no key claims in [unattributed]. */
function keyedRows(m: BreakdownInput, o: BreakdownOptions, parent: Columns): RollupRow[] {
  switch (o.by) {
    case "section":
      return sectionRows(m);
    case "object":
      return computeRollup(m.objects, (p) => p, parent);
    case "dir":
      return computeRollup(m.objects, (p) => directoryOf(p, o.depth), parent);
    case "subsystem":
      return computeRollup(m.objects, (p) => m.subsystems.get(p) ?? null, parent);
    case "option":
      return computeRollup(m.objects, (p) => m.options?.get(p) ?? null, parent);
    case "symbol":
      return computeRollup(symbolsAsObjects(m.symbols), (p) => p, parent);
  }
}

function sumColumns(objects: readonly ObjectSize[]): Columns {
  const sum = { text: 0, data: 0, bss: 0 };
  for (const o of objects) {
    sum.text += o.text;
    sum.data += o.data;
    sum.bss += o.bss;
  }
  return sum;
}

/** What `size` counts beyond the objects: the linker script's own bytes and padding, or one row when the map did not tell them apart. */
function outsideRows(m: BreakdownInput): RollupRow[] {
  const held = sumColumns(m.objects);
  const rest = { text: m.totals.text - held.text, data: m.totals.data - held.data, bss: m.totals.bss - held.bss };
  const made = m.linkerMade;
  if (!made) return nonEmpty([row(NOT_IN_OBJECTS, rest)]);
  const padding = { text: rest.text - made.text, data: rest.data - made.data, bss: rest.bss - made.bss };
  return nonEmpty([row(LINKER_MADE, made), row(LINKER_PADDING, padding)]);
}

function row(name: string, c: Columns): RollupRow {
  return { name, text: c.text, data: c.data, bss: c.bss, size: c.text + c.data + c.bss };
}

function nonEmpty(rows: RollupRow[]): RollupRow[] {
  return rows.filter((r) => r.text !== 0 || r.data !== 0 || r.bss !== 0);
}

/** Symbols as rows, aliases counted once: code and read-only symbols count as text, bss symbols as bss, the rest as data. */
function symbolsAsObjects(symbols: SymbolSize[]): ObjectSize[] {
  return foldSymbolAliases(symbols).map((s) => {
    const cls = symbolClass(s.type);
    return { path: symbolRowName(s), text: cls === "text" ? s.size : 0, data: cls === "data" ? s.size : 0, bss: cls === "bss" ? s.size : 0 };
  });
}

/** The largest `top` rows, the rest folded into one "[N more]" row so that the sum still holds. */
export function limitRows(rows: RollupRow[], top: number | undefined): RollupRow[] {
  if (top === undefined || rows.filter((r) => !isRestRow(r.name)).length <= top + 1) return rows;
  // the largest, in the rows' own order (sections stay in address order)
  const kept = new Set(
    [...rows]
      .filter((r) => !isRestRow(r.name))
      .sort((a, b) => b.size - a.size)
      .slice(0, top),
  );
  const keep = rows.filter((r) => kept.has(r));
  const rest = rows.filter((r) => !kept.has(r) && !isRestRow(r.name));
  const folded: RollupRow = { name: `[${rest.length} more]`, text: 0, data: 0, bss: 0, size: 0 };
  for (const r of rest) {
    folded.text += r.text;
    folded.data += r.data;
    folded.bss += r.bss;
    folded.size += r.size;
  }
  return [...keep, ...(rest.length ? [folded] : []), ...rows.filter((r) => isRestRow(r.name))];
}

export interface DiffRow {
  name: string;
  old: number;
  new: number;
  delta: number;
}

/** Row by row, head against base; unchanged rows are left out. Largest growth first. */
export function diffBreakdowns(base: RollupRow[], head: RollupRow[]): DiffRow[] {
  const old = new Map(base.map((r) => [r.name, r.size]));
  const now = new Map(head.map((r) => [r.name, r.size]));
  const names = new Set([...old.keys(), ...now.keys()]);
  const rows: DiffRow[] = [];
  for (const name of names) {
    const o = old.get(name) ?? 0;
    const n = now.get(name) ?? 0;
    if (o !== n) rows.push({ name, old: o, new: n, delta: n - o });
  }
  return rows.sort((a, b) => b.delta - a.delta || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
