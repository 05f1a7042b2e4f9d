// Building, rewriting, walking and printing Kconfig expressions.

import type { Atom, Expr } from "./model.js";

export const Y: Atom = { kind: "const", value: "y" };
export const M: Atom = { kind: "const", value: "m" };
export const N: Atom = { kind: "const", value: "n" };

/** a && b, where null is "always" */
export function and(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  if (!b) return a;
  return { kind: "and", left: a, right: b };
}

/** a || b, where null is "never" (as the kernel builds reverse dependencies) */
export function or(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  if (!b) return a;
  return { kind: "or", left: a, right: b };
}

/**
 * `e = n` (equal) or `e != n` as the kernel's expr_trans_compare(e, E_EQUAL|E_UNEQUAL, &symbol_no)
 * builds it: pushed down to the symbols, so that a negation flips the comparison rather than
 * the tristate (`!A = n` is `A != n`: true when A is m, where !m is m).
 */
export function compareWithNo(e: Expr, equal: boolean): Expr {
  const flip = (x: Expr): Expr => (equal ? x : { kind: "not", operand: x });
  switch (e.kind) {
    case "symbol":
    case "const":
    case "unknown":
      return { kind: "compare", op: equal ? "=" : "!=", left: e, right: N };
    case "and":
      return flip({ kind: "or", left: compareWithNo(e.left, true), right: compareWithNo(e.right, true) });
    case "or":
      return flip({ kind: "and", left: compareWithNo(e.left, true), right: compareWithNo(e.right, true) });
    case "not":
      return compareWithNo(e.operand, !equal);
    case "compare":
      return equal ? { kind: "not", operand: e } : e;
  }
}

/**
 * `depends on DEP if COND` (Linux 7.x): DEP binds only while COND is not n. The kernel's
 * menu_add_dep() turns it into `DEP || (COND = n)`, with the comparison built as compareWithNo does.
 */
export function conditionalDependency(dep: Expr, condition: Expr | null): Expr {
  return condition ? { kind: "or", left: dep, right: compareWithNo(condition, true) } : dep;
}

/** The kernel's rewrite of a constant `m` into `m && MODULES` in dependencies and conditions. */
export function rewriteM(e: Expr | null, modules: string | null): Expr | null {
  if (!e) return e;
  switch (e.kind) {
    case "not":
      return { kind: "not", operand: rewriteM(e.operand, modules) as Expr };
    case "and":
    case "or":
      return { kind: e.kind, left: rewriteM(e.left, modules) as Expr, right: rewriteM(e.right, modules) as Expr };
    case "const":
      if (e.value !== "m") return e;
      return { kind: "and", left: e, right: modules ? { kind: "symbol", name: modules } : N };
    default:
      return e;
  }
}

/** Calls fn with every symbol name the expression reads. */
export function forEachSymbol(e: Expr | null, fn: (name: string) => void): void {
  if (!e) return;
  switch (e.kind) {
    case "symbol":
      fn(e.name);
      return;
    case "not":
      forEachSymbol(e.operand, fn);
      return;
    case "and":
    case "or":
      forEachSymbol(e.left, fn);
      forEachSymbol(e.right, fn);
      return;
    case "compare":
      forEachSymbol(e.left, fn);
      forEachSymbol(e.right, fn);
      return;
    default:
      return;
  }
}

export function hasUnknown(e: Expr | null): boolean {
  if (!e) return false;
  switch (e.kind) {
    case "unknown":
      return true;
    case "not":
      return hasUnknown(e.operand);
    case "and":
    case "or":
    case "compare":
      return hasUnknown(e.left) || hasUnknown(e.right);
    default:
      return false;
  }
}

const PRECEDENCE: Record<Expr["kind"], number> = { or: 1, and: 2, not: 3, compare: 4, symbol: 5, const: 5, unknown: 5 };

function atomText(a: Atom): string {
  if (a.kind === "symbol") return a.name;
  if (a.kind === "unknown") return a.text;
  return a.value === "y" || a.value === "m" || a.value === "n" ? a.value : JSON.stringify(a.value);
}

/** Kconfig syntax, with parentheses only where needed: `A && (B || !C)`, `X=y`. */
export function exprToString(e: Expr | null): string {
  if (!e) return "y";
  const sub = (x: Expr, min: number) => {
    const s = exprToString(x);
    return PRECEDENCE[x.kind] < min ? `(${s})` : s;
  };
  switch (e.kind) {
    case "symbol":
    case "const":
    case "unknown":
      return atomText(e);
    case "not":
      return `!${sub(e.operand, 3)}`;
    case "and":
      return `${sub(e.left, 2)} && ${sub(e.right, 2)}`;
    case "or":
      return `${sub(e.left, 1)} || ${sub(e.right, 1)}`;
    case "compare":
      return `${atomText(e.left)}${e.op}${atomText(e.right)}`;
  }
}
