// scripts/bloat-o-meter, as data in and text out: the same filters, the same sums and
// byte-for-byte the same output, in its four modes (default, -c, -d, -t).

import type { SymbolSize } from "./measurement.js";

export type BloatOMeterMode = "all" | "c" | "d" | "t";

const GENERATED_PREFIXES = ["__mod_", "__se_sys", "__se_compat_sys", "__addressable_"];
const GENERATED_NAMES = new Set(["linux_banner", "vermagic"]);

/** What `nm --size-sort` lists, grouped as bloat-o-meter groups it: sizes per name of the given types. */
export function computeSymbolSizes(symbols: SymbolSize[], types: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const s of symbols) {
    if (s.size === 0 || !types.includes(s.type) || s.name.includes(":")) continue;
    if (GENERATED_NAMES.has(s.name) || GENERATED_PREFIXES.some((p) => s.name.startsWith(p))) continue;
    // statics and some other optimisations add a random .NUMBER
    const name = s.name.replace(/\.[0-9]+/g, "");
    sizes.set(name, (sizes.get(name) ?? 0) + s.size);
  }
  return sizes;
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
  /** every name, largest growth first (ties: name descending), unchanged ones included */
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
    } else {
      const d = n - size;
      if (d > 0) (r.grow++, (r.up += d));
      if (d < 0) (r.shrink++, (r.down -= d));
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
  r.deltas.sort((a, b) => b.delta - a.delta || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return r;
}

const MODES: Record<BloatOMeterMode, [string, string][]> = {
  all: [["Function", "tTdDbBrRvVwW"]],
  c: [
    ["Function", "tTwW"],
    ["Data", "dDbBvV"],
    ["RO Data", "rR"],
  ],
  d: [["Data", "dDbBrRvV"]],
  t: [["Function", "tTwW"]],
};

export function renderBloatOMeter(oldSymbols: SymbolSize[], newSymbols: SymbolSize[], mode: BloatOMeterMode = "all"): string {
  let out = "";
  for (const [title, types] of MODES[mode]) {
    const r = diffSymbolSizes(computeSymbolSizes(oldSymbols, types), computeSymbolSizes(newSymbols, types));
    out += `add/remove: ${r.add}/${r.remove} grow/shrink: ${r.grow}/${r.shrink} up/down: ${r.up}/${-r.down} (${r.up - r.down})\n`;
    out += `${title.padEnd(40)} ${"old".padStart(7)} ${"new".padStart(7)} ${"delta".padStart(7)}\n`;
    for (const d of r.deltas) {
      if (d.delta === 0) continue;
      const sign = d.delta > 0 ? "+" : "";
      out += `${d.name.padEnd(40)} ${String(d.old ?? "-").padStart(7)} ${String(d.new ?? "-").padStart(7)} ${(sign + d.delta).padStart(7)}\n`;
    }
    const percent = r.oldTotal ? ((r.newTotal - r.oldTotal) * 100.0) / r.oldTotal : 0;
    out += `Total: Before=${r.oldTotal}, After=${r.newTotal}, chg ${formatPythonFixed2Signed(percent)}%\n`;
  }
  return out;
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
