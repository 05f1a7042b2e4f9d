// scripts/bloat-o-meter, as data in and text out: the same filters, the same sums and
// byte-for-byte the same output, in its four modes (default, -c, -d, -t), as each release's own
// script has them. The script changed between releases in what it leaves out (5.10's keeps
// `vermagic`; 7.2's drops `__noinstr_text_start` and `_sdata`) and in the nm types each mode
// counts (weak `w`/`W` and `v`/`V` symbols since 6.12's). Those differences are data: Rules,
// read from a tree's own script (readBloatOMeterRules) or taken by release (bloatOMeterRulesOf).

import { compareKernelVersions } from "./kernel-version.js";
import type { SymbolSize } from "./measurement.js";
import { type SymbolSizeColumns, symbolSizeColumnsOf } from "./symbol-columns.js";

export type BloatOMeterMode = "all" | "c" | "d" | "t";

/** What one version of scripts/bloat-o-meter counts. */
export interface BloatOMeterRules {
  /** the script these rules are: "the script of linux-7.2.13" or "6.12's scripts/bloat-o-meter" */
  from: string;
  /** names left out exactly (`if name == "X": continue`) */
  skipNames: string[];
  /** names left out by prefix (`if name.startswith("X"): continue`) */
  skipPrefixes: string[];
  /** per mode, the tables it prints: a title and the nm types it counts */
  modes: Record<BloatOMeterMode, [title: string, types: string][]>;
}

const BASE_PREFIXES = ["__mod_", "__se_sys", "__se_compat_sys", "__addressable_"];
const MODES_BEFORE_WEAK: BloatOMeterRules["modes"] = {
  all: [["Function", "tTdDbBrR"]],
  c: [
    ["Function", "tT"],
    ["Data", "dDbB"],
    ["RO Data", "rR"],
  ],
  d: [["Data", "dDbBrR"]],
  t: [["Function", "tT"]],
};
const MODES_WITH_WEAK: BloatOMeterRules["modes"] = {
  all: [["Function", "tTdDbBrRvVwW"]],
  c: [
    ["Function", "tTwW"],
    ["Data", "dDbBvV"],
    ["RO Data", "rR"],
  ],
  d: [["Data", "dDbBrRvV"]],
  t: [["Function", "tTwW"]],
};

/**
 * The script's rules by the release they were read from, oldest first: a release follows the
 * newest entry not after it. The boundaries are the releases whose scripts were read (5.10.223,
 * 6.1.192, 6.12.117, 7.2.13, 7.3-rc7), not the upstream commits, which fall in between: for a
 * release in a gap, the tree's own script (readBloatOMeterRules) is exact where the table guesses.
 */
const RULES_BY_RELEASE: { since: string; era: string; skipNames: string[]; skipPrefixes: string[]; modes: BloatOMeterRules["modes"] }[] = [
  { since: "2.6", era: "5.10", skipNames: ["linux_banner"], skipPrefixes: BASE_PREFIXES, modes: MODES_BEFORE_WEAK },
  // argparse and -p came with it too; the output differs from 5.10's only by vermagic
  { since: "6.1", era: "6.1", skipNames: ["linux_banner", "vermagic"], skipPrefixes: BASE_PREFIXES, modes: MODES_BEFORE_WEAK },
  { since: "6.12", era: "6.12", skipNames: ["linux_banner", "vermagic"], skipPrefixes: BASE_PREFIXES, modes: MODES_WITH_WEAK },
  {
    since: "7.2",
    era: "7.2",
    skipNames: ["linux_banner", "vermagic"],
    skipPrefixes: [...BASE_PREFIXES, "__noinstr_text_start", "_sdata"],
    modes: MODES_WITH_WEAK,
  },
];

/** The releases whose scripts the table holds: what --bloat-o-meter-from VERSION can name. */
export const BLOAT_O_METER_ERAS = RULES_BY_RELEASE.map((r) => r.era);

/** The rules of the script a release shipped, from the table (for when its tree is not at hand). */
export function bloatOMeterRulesOf(release: string): BloatOMeterRules {
  const e = RULES_BY_RELEASE.filter((r) => compareKernelVersions(r.since, release) <= 0).at(-1) ?? RULES_BY_RELEASE[0];
  const from = e.era === release ? `${e.era}'s scripts/bloat-o-meter` : `${e.era}'s scripts/bloat-o-meter (the nearest kbloat knows to ${release})`;
  return { from, skipNames: e.skipNames, skipPrefixes: e.skipPrefixes, modes: e.modes };
}

/** The rules of the newest script kbloat knows: for builds whose release is unknown. */
export const NEWEST_BLOAT_O_METER: BloatOMeterRules = bloatOMeterRulesOf(BLOAT_O_METER_ERAS[BLOAT_O_METER_ERAS.length - 1]);

/**
 * Reads the rules out of a scripts/bloat-o-meter: the names and prefixes it skips and what each
 * mode prints. Null when the script is not of the shape every release from 5.10 to 7.3 has
 * (then the caller falls back to bloatOMeterRulesOf and says so).
 */
export function readBloatOMeterRules(script: string, from: string): BloatOMeterRules | null {
  if (!/re\.compile\(r'\\\.\[0-9\]\+'\)/.test(script) || !/--size-sort/.test(script)) return null;
  const skipNames = [...script.matchAll(/^\s*if name == "([^"]+)": continue\s*$/gm)].map((m) => m[1]);
  const skipPrefixes = [...script.matchAll(/^\s*if name\.startswith\("([^"]+)"\): continue\s*$/gm)].map((m) => m[1]);
  const modes: Partial<BloatOMeterRules["modes"]> = {};
  let current: BloatOMeterMode | null = null;
  for (const line of script.split("\n")) {
    const branch = /^(?:if|elif) (?:args\.([cdt])|sys\.argv\[1\] == "-([cdt])"):\s*$/.exec(line);
    if (branch) current = (branch[1] ?? branch[2]) as BloatOMeterMode;
    else if (/^else:\s*$/.test(line)) current = "all";
    else if (/^\S/.test(line)) current = null;
    const print = /^\s+print_result\("([^"]+)", "([A-Za-z]+)"/.exec(line);
    if (print && current) (modes[current] ??= []).push([print[1], print[2]]);
  }
  if (!modes.all || !modes.c || !modes.d || !modes.t || skipPrefixes.length === 0) return null;
  return { from, skipNames, skipPrefixes, modes: modes as BloatOMeterRules["modes"] };
}

/** What `nm --size-sort` lists, grouped as bloat-o-meter groups it: sizes per name of the given types. */
export function computeSymbolSizes(
  symbols: readonly SymbolSize[] | SymbolSizeColumns,
  types: string,
  rules: BloatOMeterRules = NEWEST_BLOAT_O_METER,
): Map<string, number> {
  const skipNames = new Set(rules.skipNames);
  const { skipPrefixes } = rules;
  const c = Array.isArray(symbols) ? symbolSizeColumnsOf(symbols) : (symbols as SymbolSizeColumns);
  const sizes = new Map<string, number>();
  for (let i = 0; i < c.names.length; i++) {
    const raw = c.names[i];
    const size = c.sizes[i];
    if (size === 0 || !types.includes(c.types[i]) || raw.includes(":")) continue;
    if (skipNames.has(raw) || startsWithAny(raw, skipPrefixes)) continue;
    // statics and some other optimisations add a random .NUMBER
    const name = raw.includes(".") ? raw.replace(/\.[0-9]+/g, "") : raw;
    sizes.set(name, (sizes.get(name) ?? 0) + size);
  }
  return sizes;
}

function startsWithAny(name: string, prefixes: string[]): boolean {
  for (const p of prefixes) if (name.startsWith(p)) return true;
  return false;
}

export interface SymbolDelta {
  name: string;
  old: number | null;
  new: number | null;
  delta: number;
}

export interface SymbolDiff {
  add: number;
  remove: number;
  grow: number;
  shrink: number;
  up: number;
  down: number;
  /** every name whose size changed, largest growth first (ties: name descending) */
  deltas: SymbolDelta[];
  oldTotal: number;
  newTotal: number;
}

export function diffSymbolSizes(old: Map<string, number>, now: Map<string, number>): SymbolDiff {
  const r: SymbolDiff = { add: 0, remove: 0, grow: 0, shrink: 0, up: 0, down: 0, deltas: [], oldTotal: 0, newTotal: 0 };
  for (const [name, size] of old) {
    r.oldTotal += size;
    const n = now.get(name);
    if (n === undefined) {
      r.remove++;
      r.down += size;
      r.deltas.push({ name, old: size, new: null, delta: -size });
    } else if (n !== size) {
      const d = n - size;
      if (d > 0) (r.grow++, (r.up += d));
      else (r.shrink++, (r.down -= d));
      r.deltas.push({ name, old: size, new: n, delta: d });
    }
  }
  for (const [name, size] of now) {
    r.newTotal += size;
    if (!old.has(name)) {
      r.add++;
      r.up += size;
      r.deltas.push({ name, old: null, new: size, delta: size });
    }
  }
  r.deltas = sortLikeBloatOMeter(r.deltas);
  return r;
}

/**
 * Largest growth first, ties by name descending (Python's sort of (delta, name) reversed): the
 * deltas grouped by value, and each group's names sorted by the engine's own string sort, which
 * is far faster on 100,000 names than a comparator.
 */
function sortLikeBloatOMeter(deltas: SymbolDelta[]): SymbolDelta[] {
  const byDelta = new Map<number, SymbolDelta[]>();
  for (const d of deltas) {
    const group = byDelta.get(d.delta);
    if (group) group.push(d);
    else byDelta.set(d.delta, [d]);
  }
  const values = Float64Array.from(byDelta.keys()).sort().reverse();
  const out: SymbolDelta[] = [];
  for (const v of values) {
    const group = byDelta.get(v) as SymbolDelta[];
    if (group.length === 1) {
      out.push(group[0]);
      continue;
    }
    const byName = new Map(group.map((d) => [d.name, d]));
    const names = [...byName.keys()].sort().reverse();
    for (const n of names) out.push(byName.get(n) as SymbolDelta);
  }
  return out;
}

export function renderBloatOMeter(
  oldSymbols: readonly SymbolSize[] | SymbolSizeColumns,
  newSymbols: readonly SymbolSize[] | SymbolSizeColumns,
  mode: BloatOMeterMode = "all",
  rules: BloatOMeterRules = NEWEST_BLOAT_O_METER,
): string {
  const lines: string[] = [];
  for (const [title, types] of rules.modes[mode]) {
    const r = diffSymbolSizes(computeSymbolSizes(oldSymbols, types, rules), computeSymbolSizes(newSymbols, types, rules));
    lines.push(`add/remove: ${r.add}/${r.remove} grow/shrink: ${r.grow}/${r.shrink} up/down: ${r.up}/${-r.down} (${r.up - r.down})`);
    lines.push(`${title.padEnd(40)} ${"old".padStart(7)} ${"new".padStart(7)} ${"delta".padStart(7)}`);
    for (const d of r.deltas) {
      const sign = d.delta > 0 ? "+" : "";
      lines.push(`${d.name.padEnd(40)} ${String(d.old ?? "-").padStart(7)} ${String(d.new ?? "-").padStart(7)} ${(sign + d.delta).padStart(7)}`);
    }
    const percent = r.oldTotal ? ((r.newTotal - r.oldTotal) * 100.0) / r.oldTotal : 0;
    lines.push(`Total: Before=${r.oldTotal}, After=${r.newTotal}, chg ${formatPythonFixed2Signed(percent)}%`);
  }
  return `${lines.join("\n")}\n`;
}

/** Python's "%+.2f": correctly rounded, ties to even on the double's exact value. */
export function formatPythonFixed2Signed(x: number): string {
  if (Number.isNaN(x)) return "+nan";
  if (!Number.isFinite(x)) return x > 0 ? "+inf" : "-inf";
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  // toFixed switches to exponent notation from 1e21; doubles that large are integers
  let digits = abs < 1e21 ? abs.toFixed(2) : `${BigInt(abs)}.00`;
  const exact = abs < 1e21 ? abs.toFixed(100) : "";
  const dot = exact.indexOf(".");
  if (dot >= 0 && /^50*$/.test(exact.slice(dot + 3))) {
    // an exact tie: JavaScript rounds it up, Python to the even neighbour
    const cents = BigInt(exact.slice(0, dot) + exact.slice(dot + 1, dot + 3));
    const rounded = cents % 2n === 0n ? cents : cents + 1n;
    const s = rounded.toString().padStart(3, "0");
    digits = `${s.slice(0, -2)}.${s.slice(-2)}`;
  }
  return (negative ? "-" : "+") + digits;
}
