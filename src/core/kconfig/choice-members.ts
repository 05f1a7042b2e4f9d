// Which entries of a choice block are its members. Before 6.9 the kernel hung an entry that
// depends on the member just before it under that member (its automatic submenus), and such
// an entry was no member: `choice / config CPU_A / config A_FEATURE depends on CPU_A`. From
// 6.9 every config of the block is a member, and a member depending on another is an error;
// trees for those kernels have no such entries, so the older rule serves both.

import type { Entry, Expr, KconfigModel } from "./model.js";

/** the kernel's expr_depends_symbol(): e needs one of the names to be y or m */
function requires(e: Expr | null, names: Set<string>): boolean {
  if (!e) return false;
  switch (e.kind) {
    case "and":
      return requires(e.left, names) || requires(e.right, names);
    case "symbol":
      return names.has(e.name);
    case "compare":
      if (e.left.kind !== "symbol" || !names.has(e.left.name) || e.right.kind !== "const") return false;
      return e.op === "=" ? e.right.value === "y" || e.right.value === "m" : e.op === "!=" && e.right.value === "n";
    default:
      return false;
  }
}

function childrenOf(m: KconfigModel): Map<number, Entry[]> {
  const children = new Map<number, Entry[]>();
  for (const e of m.entries) {
    if (e.parent === null) continue;
    const list = children.get(e.parent);
    if (list) list.push(e);
    else children.set(e.parent, [e]);
  }
  return children;
}

export function settleChoiceMembers(m: KconfigModel): void {
  const children = childrenOf(m);
  const leave = (e: Entry) => {
    if (e.kind === "config" || e.kind === "menuconfig") e.choice = null;
    for (const c of children.get(e.id) ?? []) leave(c);
  };
  const walk = (list: Entry[]) => {
    let chain: Set<string> | null = null;
    for (const e of list) {
      const dep = (e.kind === "config" || e.kind === "menuconfig") && e.prompts.length > 0 ? e.prompts[0].active : e.dependency;
      if (chain && requires(dep, chain)) {
        leave(e);
        if (e.kind === "config" || e.kind === "menuconfig") chain.add(e.symbol);
        continue;
      }
      chain = e.kind === "config" || e.kind === "menuconfig" ? new Set([e.symbol]) : null;
      if (e.kind === "if") walk(children.get(e.id) ?? []);
    }
  };
  for (const e of m.entries) if (e.kind === "choice") walk(children.get(e.id) ?? []);
  for (const c of m.choices) c.members = [];
  for (const s of m.symbols.values()) s.choice = null;
  for (const e of m.entries) {
    if ((e.kind !== "config" && e.kind !== "menuconfig") || e.choice === null) continue;
    const members = m.choices[e.choice].members;
    if (!members.includes(e.symbol)) members.push(e.symbol);
    const sym = m.symbols.get(e.symbol);
    if (sym) sym.choice ??= e.choice;
  }
}
