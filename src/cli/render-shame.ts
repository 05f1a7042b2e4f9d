// The hall of shame for people (two ranked tables) and for machines (JSON).

import type { ShameReport } from "../app/shame.js";
import type { ShameRow } from "../core/shame.js";
import { formatCount, formatDelta } from "./format-size.js";
import { type Format, renderTable } from "./render-table.js";

export function renderShame(r: ShameReport, top: number, format: Format): string {
  if (format === "json") {
    const rows = (xs: ShameRow[]) => xs.slice(0, top);
    const doc = { schema: 1, by: r.by, recipe: r.recipe, since: r.since, culprits: r.culprits, net: r.net, shame: rows(r.shame), thanks: rows(r.thanks) };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  if (r.culprits === 0) {
    return `no culprits stored${r.recipe ? ` for ${r.recipe}` : ""}${r.since ? ` since ${r.since}` : ""}: run kbloat blame A..B first, shame ranks what blame found\n`;
  }
  const title = `${r.culprits} culprits of ${r.recipe}${r.since ? ` since ${r.since}` : ""}, by ${r.by}; net ${formatDelta(r.net)} (${signed(r.net)} content bytes)`;
  const shame = section("hall of shame: content bytes added", r.shame.slice(0, top), r, format);
  const thanks = section("thanks: content bytes removed", r.thanks.slice(0, top), r, format);
  return `${title}\n\n${shame}\n${thanks}`;
}

function section(heading: string, rows: ShameRow[], r: ShameReport, format: Exclude<Format, "json">): string {
  if (rows.length === 0) return `${heading}: none\n`;
  const commit = r.by === "commit";
  const table = renderTable(
    {
      head: commit ? ["commit", "bytes", "author", "date", "subject"] : [r.by, "bytes", "commits"],
      numeric: commit ? [false, true, false, false, false] : [false, true, true],
      rows: rows.map((x) => (commit ? commitRow(x) : [x.name, signed(x.bytes), formatCount(x.commits.length)])),
    },
    format,
  );
  return format === "text" ? `${heading}\n${table}` : `**${heading}**\n\n${table}`;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** a span of commits (failed builds hid the boundary) is shown as such, not as its first commit */
function commitRow(x: ShameRow): string[] {
  const span = x.commits.length > 1;
  const name = span ? `${x.commits[0].slice(0, 12)}..${(x.commits.at(-1) as string).slice(0, 12)}` : x.name.slice(0, 12);
  return [name, signed(x.bytes), x.author ?? "", (x.date ?? "").slice(0, 10), span ? `${x.commits.length} commits, some did not build` : (x.subject ?? "")];
}
