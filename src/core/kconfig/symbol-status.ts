// What the kernel's sym_calc_visibility() and sym_calc_value() look at for one bool or
// tristate symbol, under one .config: how visible its prompts are, the upper bound its
// dependencies set, what selects and implies it, and which default applies.

import { type KconfigEvaluator, known, lo, hi, type TriRange, triAnd, triOr } from "./evaluate.js";
import type { SymbolFacts } from "./kconfig-facts.js";
import type { Expr, Location, ReverseDependency, SymbolType } from "./model.js";

export interface SelectTerm {
  /** the selecting (or implying) symbol */
  by: string;
  at: Location;
  /** the select's own `if` */
  condition: Expr | null;
  active: Expr | null;
  /** by && active */
  value: TriRange;
}

export interface DefaultTerm {
  at: Location;
  value: Expr;
  /** value && its condition */
  result: TriRange;
}

export interface SymbolStatus {
  /** bool for a tristate while modules are off */
  type: SymbolType;
  /** the highest any prompt allows (0 when none is visible) */
  visible: TriRange;
  /** the bound its direct dependencies set */
  dirDep: TriRange;
  /** the lowest value selects force */
  revDep: TriRange;
  /** every select that can be active now */
  selects: SelectTerm[];
  implied: TriRange;
  implies: SelectTerm[];
  /** the first default whose condition holds */
  default: DefaultTerm | null;
}

/** m counts as y for a symbol that cannot be m */
function boolClamp(r: TriRange, type: SymbolType): TriRange {
  if (type !== "bool") return r;
  const up = (t: number) => (t === 1 ? 2 : t);
  return up(lo(r)) | (up(hi(r)) << 2);
}

function terms(ev: KconfigEvaluator, deps: readonly ReverseDependency[]): SelectTerm[] {
  const out: SelectTerm[] = [];
  for (const d of deps) {
    const value = triAnd(known(ev.tri(d.by)), ev.eval(d.active));
    if (hi(value) > 0) out.push({ by: d.by, at: d.at, condition: d.condition, active: d.active, value });
  }
  return out;
}

export function computeSymbolStatus(ev: KconfigEvaluator, sym: SymbolFacts): SymbolStatus {
  const type = ev.effectiveType(sym);
  let visible = known(0);
  let dirDep: Expr | null = null;
  let dflt: DefaultTerm | null = null;
  for (const d of sym.definitions) {
    for (const p of d.prompts) visible = triOr(visible, ev.eval(p.active));
    if (d.choice === null) dirDep = dirDep && d.dependency ? { kind: "or", left: dirDep, right: d.dependency } : (dirDep ?? d.dependency);
    for (const x of d.defaults) {
      if (dflt) break;
      const active = ev.eval(x.active);
      if (hi(active) > 0) dflt = { at: x.at, value: x.value, result: triAnd(ev.eval(x.value), active) };
    }
  }
  if (sym.type !== "tristate" || !ev.modulesOn) visible = boolClamp(visible, "bool");
  const selects = terms(ev, sym.selectedBy);
  const implies = terms(ev, sym.impliedBy);
  const revDep = selects.reduce((acc, t) => triOr(acc, t.value), known(0));
  const implied = implies.reduce((acc, t) => triOr(acc, t.value), known(0));
  return {
    type,
    visible,
    dirDep: boolClamp(ev.eval(dirDep), type),
    revDep: boolClamp(revDep, type),
    selects,
    implied: boolClamp(implied, type),
    implies,
    default: dflt,
  };
}
