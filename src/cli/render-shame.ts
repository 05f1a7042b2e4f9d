// The hall of shame for people (two ranked tables) and for machines (JSON).

import type { ShameView } from "../app/views/shame-view.js";
import type { ShameRow } from "../core/shame.js";
import { formatCount, formatDelta, formatSigned } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";

export function renderShame(r: ShameView, format: Format): string {
  if (format === "json") return renderJson(r);
  const since = r.since ? ` since ${r.since}` : "";
  if (r.culprits === 0) return `no culprits stored${r.recipe ? ` for ${r.recipe}` : ""}${since}: run kbloat blame A..B first, shame ranks what blame found\n`;
  const title = `${r.culprits} culprits of ${r.recipe}${since}, by ${r.by}; net ${formatDelta(r.net)} (${formatSigned(r.net)} content bytes)`;
  const shame = section("hall of shame: content bytes added", r.shame, r, format);
  const thanks = section("thanks: content bytes removed", r.thanks, r, format);
  return `${title}\n\n${shame}\n${thanks}`;
}

function section(heading: string, rows: ShameRow[], r: ShameView, format: Exclude<Format, "json">): string {
  if (rows.length === 0) return `${heading}: none\n`;
  const commit = r.by === "commit";
  const table = renderTable(
    {
      head: commit ? ["commit", "bytes", "author", "date", "subject"] : [r.by, "bytes", "commits"],
      numeric: commit ? [false, true, false, false, false] : [false, true, true],
      rows: rows.map((x) => (commit ? commitRow(x) : [x.name, formatSigned(x.bytes), formatCount(x.commits.length)])),
    },
    format,
  );
  return format === "text" ? `${heading}\n${table}` : `**${heading}**\n\n${table}`;
}

/** a span of commits (failed builds hid the boundary) is shown as such, not as its first commit */
function commitRow(x: ShameRow): string[] {
  const span = x.commits.length > 1;
  const name = span ? `${x.commits[0].slice(0, 12)}..${(x.commits.at(-1) as string).slice(0, 12)}` : x.name.slice(0, 12);
  return [
    name,
    formatSigned(x.bytes),
    x.author ?? "",
    (x.date ?? "").slice(0, 10),
    span ? `${x.commits.length} commits, some did not build` : (x.subject ?? ""),
  ];
}
