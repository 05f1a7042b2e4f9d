// options --exact: the static figure of each option beside the bytes that really left.

import type { ExactResult } from "../app/options-exact.js";
import { formatCount } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";
import { exactView } from "../app/views/modules-view.js";

export function renderExact(r: ExactResult, format: Format): string {
  const b = r.attribution.build;
  if (format === "json") return renderJson(exactView(r));
  const count = format === "csv" ? (n: number) => n : formatCount;
  const gap = (s: number, m: number | null) => (m === null || s === 0 ? "-" : `${(((m - s) * 100) / s).toFixed(1)}%`);
  const table = renderTable(
    {
      head: ["option", "static", "measured", "gap", "build", "why they differ"],
      numeric: [false, true, true, true, true, false],
      rows: r.options.map((o) => [
        `CONFIG_${o.symbol}${o.unlockedBy.length ? ` (${o.unlockedBy.map((u) => `${u}=y`).join(" ")})` : ""}`,
        count(o.static),
        o.measured === null ? "-" : count(o.measured),
        gap(o.static, o.measured),
        o.build?.id ?? "",
        o.note ?? "",
      ]),
    },
    format,
  );
  if (format !== "text") return table;
  const head =
    `build ${b.id}: ${b.name}: each option turned off in turn ` +
    "(olddefconfig, incremental build; a hidden prompt's options set first, in brackets); measured = content bytes that left";
  const skipped = r.skipped.length
    ? "\nnot measured, a user cannot turn them off (no prompt any setting shows, selected, or a choice's pick): " +
      `${r.skipped.map((s) => `CONFIG_${s}`).join(" ")}\n`
    : "";
  return `${head}\n\n${table}${skipped}`;
}
