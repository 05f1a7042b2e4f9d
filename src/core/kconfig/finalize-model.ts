// The finishing pass after every file is read, as the kernel's menu_finalize(): propagate
// each block's dependencies into its entries and their properties (with `m` read as
// `m && MODULES`), settle the types of symbols and choices, and collect reverse
// dependencies (select/imply) and the names nobody defines; then look for dependency cycles.

import { settleChoiceMembers } from "./choice-members.js";
import { findDependencyCycles } from "./dependency-cycles.js";
import { and, forEachSymbol, rewriteM } from "./expr.js";
import type { ConfigEntry, Entry, Expr, KconfigModel, KconfigReadResult, KconfigSymbol } from "./model.js";
import type { ParseState } from "./parse-state.js";

export function finalizeModel(st: ParseState): KconfigReadResult {
  propagateDependencies(st);
  const model: KconfigModel = {
    mainmenu: st.mainmenu,
    symbols: st.symbols,
    choices: st.choices,
    entries: st.entries,
    modules: st.modules,
    referenced: collectReferenced(st),
    files: st.files,
  };
  settleChoiceMembers(model);
  settleChoiceTypes(st);
  for (const sym of st.symbols.values()) settleSymbolType(st, sym);
  collectReverseDependencies(st);
  const errors = [...st.errors, ...findDependencyCycles(model)];
  return { model, errors, warnings: st.warnings, skippedEntries: st.skippedEntries, skippedAttributes: st.skippedAttributes };
}

function propagateDependencies(st: ParseState): void {
  const m = st.modules;
  for (const e of st.entries) {
    const parent = e.parent === null ? null : st.entries[e.parent];
    e.dependency = and(parent ? parent.dependency : null, rewriteM(e.dependsOn, m));
    if (e.kind !== "config" && e.kind !== "menuconfig" && e.kind !== "choice") continue;
    for (const p of e.prompts) p.active = and(e.dependency, rewriteM(and(p.condition, st.promptVisibility.get(p) ?? null), m));
    for (const d of e.defaults) d.active = and(e.dependency, rewriteM(d.condition, m));
    if (e.kind === "choice") continue;
    for (const list of [e.selects, e.implies, e.ranges]) for (const p of list) p.active = and(e.dependency, rewriteM(p.condition, m));
  }
}

/**
 * A choice is bool unless it says tristate (before 6.11); one that says nothing takes the
 * type of its first typed member, and members without a type take the choice's.
 */
function settleChoiceTypes(st: ParseState): void {
  for (const choice of st.choices) {
    const declared = choice.definitions.find((d) => d.type !== null)?.type;
    const fromMember = choice.members.map((n) => firstType(st.symbols.get(n))).find((t) => t !== null);
    choice.type = declared ?? fromMember ?? "bool";
    choice.optional = choice.definitions.some((d) => d.optional);
    const d = choice.definitions[0];
    if (d && !choice.definitions.some((x) => x.prompts.length > 0)) st.warning("choice must have a prompt", d.at);
  }
}

function firstType(sym: KconfigSymbol | undefined): KconfigSymbol["type"] | null {
  return sym?.definitions.find((d) => d.type !== null)?.type ?? null;
}

function settleSymbolType(st: ParseState, sym: KconfigSymbol): void {
  let type = firstType(sym);
  for (const d of sym.definitions) {
    if (d.type !== null && type !== null && d.type !== type) st.warning(`ignoring type redefinition of '${sym.name}' from '${type}' to '${d.type}'`, d.at);
  }
  if (type === null && sym.choice !== null) type = st.choices[sym.choice].type;
  sym.type = type ?? "unknown";
  if (type === null) st.warning("config symbol defined without type", sym.definitions[0].at);
}

function collectReverseDependencies(st: ParseState): void {
  for (const e of st.entries) {
    if (e.kind !== "config" && e.kind !== "menuconfig") continue;
    for (const s of e.selects) st.symbols.get(s.target)?.selectedBy.push({ by: e.symbol, condition: s.condition, active: s.active, at: s.at });
    for (const s of e.implies) st.symbols.get(s.target)?.impliedBy.push({ by: e.symbol, condition: s.condition, active: s.active, at: s.at });
  }
}

function entryExprs(e: Entry): (Expr | null)[] {
  const out: (Expr | null)[] = [e.dependsOn];
  if (e.kind === "menu") out.push(e.visibleIf);
  if (e.kind !== "config" && e.kind !== "menuconfig" && e.kind !== "choice") return out;
  for (const p of e.prompts) out.push(p.condition);
  for (const d of e.defaults) out.push(d.value, d.condition);
  if (e.kind === "choice") return out;
  const c = e as ConfigEntry;
  for (const s of [...c.selects, ...c.implies]) out.push({ kind: "symbol", name: s.target }, s.condition);
  for (const r of c.ranges) out.push(r.low, r.high, r.condition);
  return out;
}

function collectReferenced(st: ParseState): Set<string> {
  const referenced = new Set<string>();
  const note = (name: string) => {
    if (!st.symbols.has(name)) referenced.add(name);
  };
  for (const e of st.entries) for (const x of entryExprs(e)) forEachSymbol(x, note);
  return referenced;
}
