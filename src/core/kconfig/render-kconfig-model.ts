// The Kconfig model as plain text, every definition with the dependencies it ended up with:
// for reading what the reader made of a tree, and for golden test files.

import { exprToString } from "./expr.js";
import type { Conditional, Entry, Expr, KconfigModel, KconfigReadResult, Location } from "./model.js";
import { formatKconfigMessage } from "./model.js";

const loc = (at: Location) => `${at.file}:${at.line}`;
const when = (e: Expr | null) => (e ? ` if ${exprToString(e)}` : "");
const quote = (s: string) => JSON.stringify(s);

function properties(e: Entry): string[] {
  if (e.kind !== "config" && e.kind !== "menuconfig" && e.kind !== "choice") return [];
  const out: string[] = [];
  const line = (what: string, p: Conditional) => out.push(`    ${what}${when(p.active)}  (${loc(p.at)})`);
  for (const p of e.prompts) line(`prompt ${quote(p.text)}`, p);
  for (const d of e.defaults) line(`default ${exprToString(d.value)}`, d);
  if (e.kind === "choice") return out;
  for (const s of e.selects) line(`select ${s.target}`, s);
  for (const s of e.implies) line(`imply ${s.target}`, s);
  for (const r of e.ranges) line(`range ${exprToString(r.low)} ${exprToString(r.high)}`, r);
  if (e.flags.length > 0) out.push(`    flags ${e.flags.join(" ")}`);
  return out;
}

function helpLine(help: string | null): string[] {
  if (help === null) return [];
  return [`    help ${quote(help.replace(/\n+$/, ""))}`];
}

function entryLine(m: KconfigModel, e: Entry): string {
  const dep = e.dependency ? `  depends on ${exprToString(e.dependency)}` : "";
  switch (e.kind) {
    case "config":
    case "menuconfig": {
      const choice = e.choice === null ? "" : ` in choice #${e.choice}`;
      return `  ${e.kind} ${e.symbol}${e.type ? ` ${e.type}` : ""}${choice} (${loc(e.at)})${dep}`;
    }
    case "choice": {
      const c = m.choices[e.choice];
      return `  choice #${e.choice}${c.name ? ` ${c.name}` : ""}${e.type ? ` ${e.type}` : ""}${e.optional ? " optional" : ""} (${loc(e.at)})${dep}`;
    }
    case "menu":
      return `  menu ${quote(e.title)} (${loc(e.at)})${dep}${e.visibleIf ? `  visible if ${exprToString(e.visibleIf)}` : ""}`;
    case "comment":
      return `  comment ${quote(e.title)} (${loc(e.at)})${dep}`;
    case "if":
      return `  if (${loc(e.at)})${dep}`;
  }
}

/** Entries in file order (indented under their parents), then symbols, choices, names. */
export function renderKconfigModel(m: KconfigModel): string {
  const out: string[] = [];
  if (m.mainmenu !== null) out.push(`mainmenu ${quote(m.mainmenu)}`);
  if (m.modules !== null) out.push(`modules ${m.modules}`);
  out.push(`files ${m.files.join(" ")}`, "", "entries:");
  const depth = (e: Entry): number => (e.parent === null ? 0 : depth(m.entries[e.parent]) + 1);
  for (const e of m.entries) {
    const pad = "  ".repeat(depth(e));
    out.push(pad + entryLine(m, e));
    for (const l of [...properties(e), ...("help" in e ? helpLine(e.help) : [])]) out.push(pad + l);
  }
  out.push("", "symbols:");
  for (const s of [...m.symbols.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const defs = s.definitions.map((d) => loc(d.at)).join(" ");
    out.push(`  ${s.name} ${s.type}${s.choice === null ? "" : ` choice #${s.choice}`}  (${defs})`);
    for (const r of s.selectedBy) out.push(`    selected by ${r.by}${when(r.active)}  (${loc(r.at)})`);
    for (const r of s.impliedBy) out.push(`    implied by ${r.by}${when(r.active)}  (${loc(r.at)})`);
  }
  if (m.choices.length > 0) out.push("", "choices:");
  for (const c of m.choices) out.push(`  #${c.index}${c.name ? ` ${c.name}` : ""} ${c.type}${c.optional ? " optional" : ""}: ${c.members.join(" ")}`);
  if (m.referenced.size > 0) out.push("", `referenced, not defined: ${[...m.referenced].sort().join(" ")}`);
  return `${out.join("\n")}\n`;
}

/** Errors, then warnings, then what was skipped. */
export function renderKconfigMessages(r: KconfigReadResult): string {
  const out = [...r.errors.map((e) => `error ${formatKconfigMessage(e)}`), ...r.warnings.map((w) => `warning ${formatKconfigMessage(w)}`)];
  out.push(`skipped: ${r.skippedEntries} entries, ${r.skippedAttributes} attributes`);
  return `${out.join("\n")}\n`;
}
