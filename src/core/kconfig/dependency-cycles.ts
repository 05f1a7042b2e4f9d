// The kernel refuses a tree where a symbol depends on itself, through `depends on`, prompt
// and default conditions, default values, or being selected or implied (sym_check_deps()).
// The members of a choice count as one: a member that depends on another member of its own
// choice is a cycle too. Like the kernel, a depth-first walk from each symbol in file order,
// ending at the first cycle it meets.

import { forEachSymbol } from "./expr.js";
import type { Expr, KconfigMessage, KconfigModel, Location } from "./model.js";

/** node names: a symbol's name, or "<choice #n>" for a choice and its members */
function nodeOf(m: KconfigModel, name: string): string {
  const sym = m.symbols.get(name);
  return sym && sym.choice !== null ? `<choice #${sym.choice}>` : name;
}

/** what each node's value is computed from, in the kernel's order */
function dependencyGraph(m: KconfigModel): { edges: Map<string, Set<string>>; at: Map<string, Location> } {
  const edges = new Map<string, Set<string>>();
  const at = new Map<string, Location>();
  const add = (from: string, e: Expr | null) =>
    forEachSymbol(e, (to) => {
      if (m.symbols.has(to)) edges.get(from)?.add(nodeOf(m, to));
    });
  for (const e of m.entries) {
    if (e.kind !== "config" && e.kind !== "menuconfig" && e.kind !== "choice") continue;
    const node = e.kind === "choice" ? `<choice #${e.choice}>` : nodeOf(m, e.symbol);
    if (!edges.has(node)) edges.set(node, new Set());
    if (!at.has(node)) at.set(node, e.at);
    if (e.kind !== "choice" && e.choice === null) add(node, e.dependency);
    for (const p of e.prompts) add(node, p.active);
    for (const d of e.defaults) {
      add(node, d.active);
      if (e.kind !== "choice") add(node, d.value);
    }
    if (e.kind === "choice") continue;
    for (const r of e.ranges) add(node, r.active);
  }
  for (const sym of m.symbols.values()) {
    const node = nodeOf(m, sym.name);
    for (const r of [...sym.selectedBy, ...sym.impliedBy]) {
      edges.get(node)?.add(nodeOf(m, r.by));
      add(node, r.active);
    }
  }
  return { edges, at };
}

export function findDependencyCycles(m: KconfigModel): KconfigMessage[] {
  const { edges, at } = dependencyGraph(m);
  const state = new Map<string, "open" | "done">();
  const found: KconfigMessage[] = [];
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    // iterative depth-first walk: the path, and where each node is in its edge list
    const path: string[] = [start];
    const next: Iterator<string>[] = [(edges.get(start) ?? new Set<string>()).values()];
    state.set(start, "open");
    while (path.length > 0) {
      const step = next[next.length - 1].next();
      if (step.done) {
        state.set(path.pop() as string, "done");
        next.pop();
        continue;
      }
      const to = step.value;
      if (state.get(to) === "open") {
        // as the kernel does, the first cycle ends this walk: what else it would reach is not looked at now
        const cycle = [...path.slice(path.indexOf(to)), to];
        const where = at.get(to) ?? { file: "", line: 0 };
        found.push({ ...where, message: `recursive dependency detected: ${cycle.join(" -> ")}` });
        for (const p of path) state.set(p, "done");
        path.length = 0;
      } else if (!state.has(to)) {
        state.set(to, "open");
        path.push(to);
        next.push((edges.get(to) ?? new Set<string>()).values());
      }
    }
  }
  return found;
}
