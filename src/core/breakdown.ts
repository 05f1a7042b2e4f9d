// Where the bytes of one build go, at a chosen grain, and a diff as a breakdown against a base.
// Every breakdown sums to `size`'s totals: bytes no row claims sit in [unattributed].

import type { Measurement, ObjectSize, SymbolSize } from "./measurement.js";
import { computeRollup, directoryOf, type RollupRow, UNATTRIBUTED } from "./rollup.js";
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
  const parent = { text: m.totals.text, data: m.totals.data, bss: m.totals.bss };
  switch (o.by) {
    case "section":
      return m.sections.map((s) => ({
        name: s.name,
        text: s.class === "text" ? s.size : 0,
        data: s.class === "data" ? s.size : 0,
        bss: s.class === "bss" ? s.size : 0,
        size: s.size,
      }));
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

/** Symbols as rows, aliases counted once: code and read-only symbols count as text, bss symbols as bss, the rest as data. */
function symbolsAsObjects(symbols: SymbolSize[]): ObjectSize[] {
  return foldSymbolAliases(symbols).map((s) => {
    const cls = symbolClass(s.type);
    return { path: symbolRowName(s), text: cls === "text" ? s.size : 0, data: cls === "data" ? s.size : 0, bss: cls === "bss" ? s.size : 0 };
  });
}

/** The largest `top` rows, the rest folded into one "[N more]" row so that the sum still holds. */
export function limitRows(rows: RollupRow[], top: number | undefined): RollupRow[] {
  if (top === undefined || rows.length <= top + 1) return rows;
  // the largest, in the rows' own order (sections stay in address order)
  const kept = new Set([...rows].filter((r) => r.name !== UNATTRIBUTED).sort((a, b) => b.size - a.size).slice(0, top));
  const keep = rows.filter((r) => kept.has(r));
  const rest = rows.filter((r) => !kept.has(r) && r.name !== UNATTRIBUTED);
  const folded: RollupRow = { name: `[${rest.length} more]`, text: 0, data: 0, bss: 0, size: 0 };
  for (const r of rest) {
    folded.text += r.text;
    folded.data += r.data;
    folded.bss += r.bss;
    folded.size += r.size;
  }
  const unattributed = rows.filter((r) => r.name === UNATTRIBUTED);
  return [...keep, ...(rest.length ? [folded] : []), ...unattributed];
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
