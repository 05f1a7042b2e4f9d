// The Kbuild reader's result as plain text: one line per object with its chain, then the blocks
// that could not be evaluated and the problems found. Stable, for golden files and for reading.

import type { KbuildCondition, KbuildObject, KbuildTree } from "./kbuild-types.js";

/** `CONFIG_X=y@file:line` for an enabled link, `!CONFIG_X@file:line` for one that holds because X is not set, `?@file:line` for an unevaluated block. */
export function renderKbuildCondition(c: KbuildCondition): string {
  const where = `@${c.file}:${c.line}`;
  if (c.kind === "unevaluated") return `?${where}`;
  return c.enabled ? `CONFIG_${c.symbol}=${c.value}${where}` : `!CONFIG_${c.symbol}${where}`;
}

/** The chain outermost first, joined by ` > `; `-` for an object that is unconditional all the way down. */
export function renderKbuildChain(chain: readonly KbuildCondition[]): string {
  return chain.length ? chain.map(renderKbuildCondition).join(" > ") : "-";
}

function renderObject(o: KbuildObject): string {
  const role = o.parts ? ` (composite of ${o.parts.join(" ") || "nothing"})` : o.composite ? ` (part of ${o.composite})` : "";
  return `${o.path}\t${o.kind}${role}\t${o.listed.file}:${o.listed.line}\t${renderKbuildChain(o.chain)}`;
}

export function renderKbuildTree(tree: KbuildTree): string {
  const lines = ["# objects: path, kind, where listed, chain", ...tree.objects.map(renderObject)];
  lines.push("# unevaluated", ...tree.unevaluated.map((u) => `${u.file}:${u.line}: ${u.text}`));
  lines.push("# unevaluated, without objects", ...tree.unevaluatedWithoutObjects.map((u) => `${u.file}:${u.line}: ${u.text}`));
  lines.push("# problems", ...tree.problems.map((p) => `${p.file}:${p.line}: ${p.message}`));
  return `${lines.join("\n")}\n`;
}
