// Kconfig expressions evaluated under one .config, with the kernel's tristate logic: n=0,
// m=1, y=2; && is min, || is max, ! is 2-x; comparisons give y or n, comparing as numbers
// when both sides read as numbers of their symbols' types, as strings otherwise.
//
// A value that needs the shell (`$(cc-option,…)` written straight into an expression) is not
// known: results are ranges, lowest and highest possible value, packed as lo | hi << 2.

import type { KconfigFacts, SymbolFacts } from "./kconfig-facts.js";
import type { Atom, Expr, SymbolType } from "./model.js";

export type Tri = 0 | 1 | 2;
/** lo | hi << 2 */
export type TriRange = number;

export const known = (t: Tri): TriRange => t * 5;
export const lo = (r: TriRange): Tri => (r & 3) as Tri;
export const hi = (r: TriRange): Tri => (r >> 2) as Tri;
const range = (l: number, h: number): TriRange => l | (h << 2);
const UNKNOWN_RANGE = range(0, 2);

export const triAnd = (a: TriRange, b: TriRange): TriRange => range(Math.min(lo(a), lo(b)), Math.min(hi(a), hi(b)));
export const triOr = (a: TriRange, b: TriRange): TriRange => range(Math.max(lo(a), lo(b)), Math.max(hi(a), hi(b)));
export const triNot = (a: TriRange): TriRange => range(2 - hi(a), 2 - lo(a));

/** y/m/n as 2/1/0; undefined for anything else */
export function triOf(s: string | undefined): Tri | undefined {
  return s === "y" ? 2 : s === "m" ? 1 : s === "n" ? 0 : undefined;
}

interface Operand {
  str: string | null;
  type: SymbolType;
}

export class KconfigEvaluator {
  /** the `modules` symbol is y: without it, tristates are bool */
  readonly modulesOn: boolean;

  constructor(
    readonly model: KconfigFacts,
    readonly config: ReadonlyMap<string, string>,
  ) {
    this.modulesOn = model.modules !== null && config.get(model.modules) === "y";
  }

  /** the symbol's type as the kernel uses it now: tristate is bool when modules are off */
  effectiveType(sym: SymbolFacts): SymbolType {
    return sym.type === "tristate" && !this.modulesOn ? "bool" : sym.type;
  }

  /** a symbol's tristate value under the .config (undefined and non-bool symbols are n) */
  tri(name: string): Tri {
    const sym = this.model.symbols.get(name);
    if (!sym || (sym.type !== "bool" && sym.type !== "tristate")) return 0;
    return triOf(this.config.get(name)) ?? 0;
  }

  /** a symbol's string value: the .config's, the type's empty value, or its own name if undefined */
  str(name: string): string {
    const sym = this.model.symbols.get(name);
    if (!sym || sym.type === "unknown") return name;
    const v = this.config.get(name);
    if (sym.type === "bool" || sym.type === "tristate") return v === "y" || v === "m" ? v : "n";
    return v ?? (sym.type === "int" ? "0" : sym.type === "hex" ? "0x0" : "");
  }

  eval(e: Expr | null): TriRange {
    if (!e) return known(2);
    switch (e.kind) {
      case "symbol":
        return known(this.tri(e.name));
      case "const":
        return known(triOf(e.value) ?? 0);
      case "unknown":
        return UNKNOWN_RANGE;
      case "not":
        return triNot(this.eval(e.operand));
      case "and":
        return triAnd(this.eval(e.left), this.eval(e.right));
      case "or":
        return triOr(this.eval(e.left), this.eval(e.right));
      case "compare":
        return this.compare(e.op, this.operand(e.left), this.operand(e.right));
    }
  }

  private operand(a: Atom): Operand {
    if (a.kind === "unknown") return { str: null, type: "unknown" };
    if (a.kind === "const") return { str: a.value, type: triOf(a.value) === undefined ? "unknown" : "tristate" };
    const sym = this.model.symbols.get(a.name);
    return { str: this.str(a.name), type: sym ? sym.type : "unknown" };
  }

  private compare(op: string, l: Operand, r: Operand): TriRange {
    if (l.str === null || r.str === null) return UNKNOWN_RANGE;
    let res: number;
    const a = l.type !== "string" || r.type !== "string" ? parseNumber(l.str, l.type) : null;
    const b = a ? parseNumber(r.str, r.type) : null;
    if (!a || !b) res = l.str < r.str ? -1 : l.str > r.str ? 1 : 0;
    else {
      const unsigned = a.unsigned || b.unsigned;
      const x = unsigned ? BigInt.asUintN(64, a.value) : a.value;
      const y = unsigned ? BigInt.asUintN(64, b.value) : b.value;
      res = x < y ? -1 : x > y ? 1 : 0;
    }
    const ok = op === "=" ? res === 0 : op === "!=" ? res !== 0 : op === "<" ? res < 0 : op === "<=" ? res <= 0 : op === ">" ? res > 0 : res >= 0;
    return known(ok ? 2 : 0);
  }
}

/**
 * A value read as a number the way the kernel's comparisons read it: n/m/y as 0/1/2 for
 * bool and tristate, base 10 for int, base 16 for hex (unsigned), C's base 0 otherwise.
 * null when it does not read as a whole number.
 */
export function parseNumber(s: string, type: SymbolType): { value: bigint; unsigned: boolean } | null {
  if (type === "bool" || type === "tristate") return { value: BigInt(triOf(s) ?? -1), unsigned: false };
  const t = s.replace(/^[ \t\n\v\f\r]+/, "");
  const sign = t.startsWith("-") ? -1n : 1n;
  const body = t.replace(/^[+-]/, "");
  let value: bigint;
  if (type === "int") {
    if (!/^[0-9]+$/.test(body)) return null;
    value = BigInt(body);
  } else if (type === "hex") {
    const m = /^(?:0[xX])?([0-9a-fA-F]+)$/.exec(body);
    if (!m) return null;
    value = BigInt(`0x${m[1]}`);
  } else if (/^0[xX][0-9a-fA-F]+$/.test(body)) value = BigInt(body);
  else if (/^0[0-7]*$/.test(body)) value = BigInt(`0o${body.slice(1) || "0"}`);
  else if (/^[1-9][0-9]*$/.test(body)) value = BigInt(body);
  else return null;
  return { value: sign * value, unsigned: type === "hex" };
}
