// Why each bool or tristate symbol a .config sets to y is y, under the kernel's rules.
//
//   explainBuiltins(model, config) → BuiltinExplanation[]   (one per =y symbol, by name)
//
// `model` is what readKconfigTree()/parseKconfig() made of the tree the .config was made (or
// its facts, readKconfigFacts()); `config` is parseDotConfig(text). Each explanation says:
//   - type: "bool" | "tristate" (as declared; a tristate acts as bool while MODULES=n)
//   - prompt: a prompt of it is visible under this .config, so a user can change it
//   - canBeModule: it is tristate, modules are on, a prompt allows m, and nothing selects
//     it to y: setting it to m would stick (`make olddefconfig` keeps it)
//   - reasons, strongest first (a symbol can have several):
//       selected   symbols at y whose `select X [if …]` holds force it to y; `by` names them,
//                  `chain` is one shortest path of forcing selects from it up to a root (a
//                  selector nothing forces: set by the user or the base config, or a default),
//                  `roots` every such root; both stop at cycles
//       choice     a member of a bool choice: the choice picked it
//       no-prompt  no prompt is visible: its value comes from a default (`def_bool y`,
//                  `default y if …`, named with its place) or an imply, not from the user;
//                  `unlockedBy` names the symbols now n whose setting shows a prompt it has
//                  (`bool "…" if PROCESSOR_SELECT`, a `visible if EXPERT` menu), with what those
//                  need in turn when they are hidden too; empty when it has no prompt at all
//       depends    a visible tristate that cannot be m now: the modules symbol (MODULES)
//                  is n. (Nothing else bounds a visible tristate to y only: a prompt that
//                  `depends on X=y` still takes m, as the kernel's sym_tristate_within_range
//                  has it; what keeps a tristate at y is a select, a hidden prompt or this.)
//       user       none of the above: the user (or the base config) set it to y; for a
//                  tristate this means it could be m now
// Symbols whose values need the shell count as unknown; an unknown prompt condition is
// taken as visible unless a default alone explains the y.

import { hi, KconfigEvaluator, lo } from "./evaluate.js";
import { exprToString } from "./expr.js";
import type { KconfigFacts, SymbolFacts } from "./kconfig-facts.js";
import type { Expr, Location } from "./model.js";
import { computeSymbolStatus, type SymbolStatus } from "./symbol-status.js";

export interface Selector {
  symbol: string;
  /** where the `select` line is */
  at: Location;
  /** its own `if`, if any */
  condition: string | null;
}

export type BuiltinReason =
  | { kind: "selected"; by: Selector[]; chain: string[]; roots: string[] }
  | { kind: "choice"; choice: Location; members: string[] }
  | { kind: "no-prompt"; default: { at: Location; value: string } | null; impliedBy: string[]; unlockedBy: string[] }
  | { kind: "depends"; on: string }
  | { kind: "user" };

export interface BuiltinExplanation {
  symbol: string;
  type: "bool" | "tristate";
  value: "y";
  prompt: boolean;
  canBeModule: boolean;
  reasons: BuiltinReason[];
  definedAt: Location[];
}

export function explainBuiltins(model: KconfigFacts, config: ReadonlyMap<string, string>): BuiltinExplanation[] {
  const ev = new KconfigEvaluator(model, config);
  const graph = new SelectGraph(ev);
  const out: BuiltinExplanation[] = [];
  for (const name of [...config.keys()].sort()) {
    const sym = model.symbols.get(name);
    if (!sym || config.get(name) !== "y" || (sym.type !== "bool" && sym.type !== "tristate")) continue;
    if (sym.definitions.some((d) => d.flags.includes("transitional"))) continue;
    out.push(explainSymbol(ev, graph, sym));
  }
  return out;
}

function explainSymbol(ev: KconfigEvaluator, graph: SelectGraph, sym: SymbolFacts): BuiltinExplanation {
  const status = graph.status(sym.name);
  const reasons: BuiltinReason[] = [];
  const forcing = graph.forcing(sym.name);
  if (forcing.length > 0) reasons.push({ kind: "selected", by: forcing, ...graph.rootsOf(sym.name) });
  const choice = sym.choice === null ? null : ev.model.choices[sym.choice];
  if (choice && choice.type === "bool") reasons.push({ kind: "choice", choice: choice.definitions[0].at, members: choice.members });
  const prompt = promptVisible(status, forcing.length > 0);
  if (!prompt) reasons.push({ ...noPrompt(status), unlockedBy: unlockersOf(ev, sym) });
  if (prompt && sym.type === "tristate" && !ev.modulesOn) reasons.push({ kind: "depends", on: `${ev.model.modules ?? "MODULES"}=n` });
  if (reasons.length === 0) reasons.push({ kind: "user" });
  const canBeModule = sym.type === "tristate" && ev.modulesOn && prompt && hi(status.revDep) <= 1 && !(choice && choice.type === "bool");
  return { symbol: sym.name, type: sym.type as "bool" | "tristate", value: "y", prompt, canBeModule, reasons, definedAt: sym.definitions.map((d) => d.at) };
}

/** whether a prompt is visible; when the shell would have to tell, whatever explains the y */
function promptVisible(s: SymbolStatus, selected: boolean): boolean {
  if (lo(s.visible) > 0) return true;
  if (hi(s.visible) === 0) return false;
  if (selected) return true;
  const fromDefault = s.default !== null && lo(s.default.result) === 2;
  return !fromDefault && lo(s.implied) < 2;
}

function noPrompt(s: SymbolStatus): Omit<Extract<BuiltinReason, { kind: "no-prompt" }>, "unlockedBy"> {
  const d = s.default && hi(s.default.result) === 2 ? { at: s.default.at, value: exprToString(s.default.value) } : null;
  return { kind: "no-prompt", default: d, impliedBy: s.implies.filter((t) => hi(t.value) === 2).map((t) => t.by) };
}

/**
 * The symbols to set (each now n) for a prompt of `sym` to show: those of its first hidden
 * prompt that one can name, then what each of them needs when its own prompt is hidden, in
 * that order. Empty when it has no prompt, or none that setting symbols would show (a prompt
 * hidden by a symbol being *on*, or by a value only the shell knows).
 */
function unlockersOf(ev: KconfigEvaluator, sym: SymbolFacts, seen = new Set<string>([sym.name])): string[] {
  for (const p of sym.definitions.flatMap((d) => d.prompts)) {
    const direct = [...new Set(heldOffBy(ev, p.active))].filter((x) => !seen.has(x));
    if (direct.length === 0) continue;
    for (const x of direct) seen.add(x);
    const out = [...direct];
    for (const x of direct) {
      const xs = ev.model.symbols.get(x) as SymbolFacts;
      const shown = xs.definitions.some((d) => d.prompts.some((q) => hi(ev.eval(q.active)) > 0));
      if (!shown) out.push(...unlockersOf(ev, xs, seen));
    }
    return out;
  }
  return [];
}

/** The bool and tristate symbols at n that hold `e` at n where they appear un-negated (of an `or`, its first branch that has any). */
function heldOffBy(ev: KconfigEvaluator, e: Expr | null): string[] {
  if (!e || hi(ev.eval(e)) > 0) return [];
  const isOffSymbol = (name: string) => {
    const t = ev.model.symbols.get(name)?.type;
    return (t === "bool" || t === "tristate") && ev.tri(name) === 0;
  };
  switch (e.kind) {
    case "symbol":
      return isOffSymbol(e.name) ? [e.name] : [];
    case "and":
      return [...heldOffBy(ev, e.left), ...heldOffBy(ev, e.right)];
    case "or": {
      const left = heldOffBy(ev, e.left);
      return left.length ? left : heldOffBy(ev, e.right);
    }
    case "compare": {
      // X=y, X=m and X!=n are held off by X being n
      const [a, b] = [e.left, e.right];
      const on = b.kind === "const" && ((e.op === "=" && (b.value === "y" || b.value === "m")) || (e.op === "!=" && b.value === "n"));
      return a.kind === "symbol" && on && isOffSymbol(a.name) ? [a.name] : [];
    }
    default:
      return [];
  }
}

/** the selects that hold at y, with every symbol's status computed once */
class SelectGraph {
  private readonly statuses = new Map<string, SymbolStatus>();
  private readonly forcingCache = new Map<string, Selector[]>();

  constructor(private readonly ev: KconfigEvaluator) {}

  status(name: string): SymbolStatus {
    let s = this.statuses.get(name);
    if (!s) {
      s = computeSymbolStatus(this.ev, this.ev.model.symbols.get(name) as SymbolFacts);
      this.statuses.set(name, s);
    }
    return s;
  }

  /** the symbols whose selects surely force this one to y */
  forcing(name: string): Selector[] {
    let f = this.forcingCache.get(name);
    if (!f) {
      const sym = this.ev.model.symbols.get(name);
      const terms = sym && this.ev.tri(name) === 2 ? this.status(name).selects : [];
      f = terms.filter((t) => lo(t.value) === 2).map((t) => ({ symbol: t.by, at: t.at, condition: t.condition ? exprToString(t.condition) : null }));
      this.forcingCache.set(name, f);
    }
    return f;
  }

  /** one shortest chain of forcing selects up to a root, and every root, stopping at cycles */
  rootsOf(name: string): { chain: string[]; roots: string[] } {
    const parent = new Map<string, string>([[name, ""]]);
    const queue = [name];
    const roots: string[] = [];
    let first: string | null = null;
    for (let i = 0; i < queue.length; i++) {
      const x = queue[i];
      const f = this.forcing(x);
      if (x !== name && f.length === 0) {
        roots.push(x);
        first ??= x;
      }
      for (const s of f) {
        if (parent.has(s.symbol)) continue;
        parent.set(s.symbol, x);
        queue.push(s.symbol);
      }
    }
    const end = first ?? queue[queue.length - 1];
    const chain: string[] = [];
    for (let x = end; x !== ""; x = parent.get(x) ?? "") chain.unshift(x);
    return { chain, roots: roots.sort() };
  }
}
