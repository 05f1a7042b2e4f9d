// One level of the build page's treemap: the directories and objects under a path, or the
// symbols of one object. Each level adds up to its parent: bytes of an object that no sized
// symbol holds are a row of their own.

import type { StoredMeasurement } from "../../app/build-record.js";
import { foldSymbolAliases, symbolRowName } from "../../core/symbol-aliases.js";

export interface TreemapNode {
  name: string;
  /** the path to open when the node is clicked; null for a leaf */
  path: string | null;
  value: number;
  kind: "dir" | "object" | "symbol" | "rest";
}

export const UNSIZED = "[bytes of no sized symbol]";

export function isObjectPath(m: StoredMeasurement, path: string): boolean {
  return m.objects.some((o) => o.path === path);
}

export function treemapLevel(m: StoredMeasurement, path: string): TreemapNode[] {
  if (path && isObjectPath(m, path)) return symbolLevel(m, path);
  const prefix = path ? `${path}/` : "";
  const sums = new Map<string, TreemapNode>();
  for (const o of m.objects) {
    if (!o.path.startsWith(prefix)) continue;
    const rest = o.path.slice(prefix.length);
    const slash = rest.indexOf("/");
    const name = slash < 0 ? rest : rest.slice(0, slash);
    const node = sums.get(name) ?? { name, path: prefix + name, value: 0, kind: slash < 0 ? "object" : "dir" };
    node.value += o.text + o.data + o.bss;
    sums.set(name, node);
  }
  return [...sums.values()].filter((n) => n.value > 0).sort((a, b) => b.value - a.value);
}

function symbolLevel(m: StoredMeasurement, path: string): TreemapNode[] {
  const object = m.objects.find((o) => o.path === path);
  const total = object ? object.text + object.data + object.bss : 0;
  // aliases are one set of bytes: one cell, named as kbloat show --by symbol names it
  const symbols = foldSymbolAliases(m.symbols.filter((s) => s.object === path));
  const nodes: TreemapNode[] = symbols.map((s) => ({ name: symbolRowName(s), path: null, value: s.size, kind: "symbol" }));
  const held = nodes.reduce((s, n) => s + n.value, 0);
  if (total > held) nodes.push({ name: UNSIZED, path: null, value: total - held, kind: "rest" });
  return nodes.sort((a, b) => b.value - a.value);
}

/** The breadcrumb of a path: each ancestor with the path that opens it. */
export function ancestors(path: string): { name: string; path: string }[] {
  const parts = path.split("/").filter(Boolean);
  return parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join("/") }));
}
