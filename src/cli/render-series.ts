// A series as a table: one row per revision, with the change in content from the one before.

import type { SeriesView } from "../app/views/series-view.js";
import { formatSigned } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";

export function renderSeries(v: SeriesView, format: Format): string {
  if (format === "json") return renderJson(v);
  // a +mod series also shows what could still leave the kernel proper, and the core
  const modular = v.builds.some((p) => p.could_leave !== null);
  return renderTable(
    {
      head: ["id", "revision", "date", "text", "data", "bss", "image", "content", "delta", ...(modular ? ["could leave", "core"] : [])],
      numeric: [true, false, false, true, true, true, true, true, true, ...(modular ? [true, true] : [])],
      rows: v.builds.map((p) => [
        p.id,
        p.name,
        p.date?.slice(0, 10) ?? "",
        p.text ?? "",
        p.data ?? "",
        p.bss ?? "",
        p.image ?? "",
        p.content ?? (p.status === "failed" ? `failed (${p.failed_step})` : ""),
        p.delta === null ? "" : formatSigned(p.delta),
        ...(modular ? [p.could_leave ?? "", p.core ?? ""] : []),
      ]),
    },
    format,
  );
}
