// A series as a table: one row per revision, with the change in content from the one before.

import type { SeriesPoint } from "../app/track-series.js";
import { type Format, renderTable } from "./render-table.js";

export function renderSeries(points: SeriesPoint[], recipe: string, format: Format): string {
  let previous: number | null = null;
  const rows = points.map((p) => {
    const f = p.record.figures;
    const content = f?.content ?? null;
    const delta = content !== null && previous !== null ? content - previous : null;
    if (content !== null) previous = content;
    return { p, f, content, delta };
  });
  if (format === "json") {
    const builds = rows.map(({ p, f, delta }) => ({
      id: p.record.id,
      name: p.record.name,
      revision: p.record.revision,
      date: p.date,
      subject: p.subject,
      status: p.record.status,
      failed_step: p.record.failedStep,
      text: f?.text ?? null,
      data: f?.data ?? null,
      bss: f?.bss ?? null,
      total: f?.total ?? null,
      image: f?.image ?? null,
      content: f?.content ?? null,
      delta,
      could_leave: p.record.modular?.couldLeave ?? null,
      core: p.record.modular?.core ?? null,
      how: p.how,
    }));
    return `${JSON.stringify({ schema: 1, recipe, builds }, null, 2)}\n`;
  }
  // a +mod series also shows what could still leave the kernel proper, and the core
  const modular = points.some((p) => p.record.modular);
  return renderTable(
    {
      head: ["id", "revision", "date", "text", "data", "bss", "image", "content", "delta", ...(modular ? ["could leave", "core"] : [])],
      numeric: [true, false, false, true, true, true, true, true, true, ...(modular ? [true, true] : [])],
      rows: rows.map(({ p, f, delta }) => [
        p.record.id,
        p.record.name,
        p.date?.slice(0, 10) ?? "",
        f?.text ?? "",
        f?.data ?? "",
        f?.bss ?? "",
        f?.image ?? "",
        f?.content ?? (p.record.status === "failed" ? `failed (${p.record.failedStep})` : ""),
        delta === null ? "" : delta > 0 ? `+${delta}` : String(delta),
        ...(modular ? [p.record.modular?.couldLeave ?? "", p.record.modular?.core ?? ""] : []),
      ]),
    },
    format,
  );
}
