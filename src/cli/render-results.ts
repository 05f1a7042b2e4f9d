// Stored builds and diffs as text, CSV or Markdown; JSON is the read API's document as it is.

import type { BuildRecord, StoredMeasurement } from "../app/build-record.js";
import type { ListView, ShowView, SummaryView, Totals } from "../app/views/build-view.js";
import { type DiffView, type FigurePair, figureRows } from "../app/views/diff-view.js";
import { formatBytes, formatCount, formatDelta, formatDuration, formatSigned } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";

export function renderList(v: ListView, format: Format): string {
  if (format === "json") return renderJson(v);
  if (v.builds.length === 0 && format === "text") return "no builds stored yet: run `kbloat build SOURCE`\n";
  return renderTable(
    {
      head: ["id", "name", "status", "source", "revision", "toolchain", "created", format === "csv" ? "seconds" : "took"],
      numeric: [true, false, false, false, false, false, false, true],
      rows: v.builds.map((b) => [
        b.id,
        b.name,
        b.status === "ok" ? "ok" : `failed (${b.failed_step})`,
        b.source,
        b.revision.slice(0, 12),
        b.toolchain.split(";")[0],
        b.created.slice(0, 19).replace("T", " "),
        format === "csv" ? (b.duration_s ?? "") : b.duration_s === null ? "-" : formatDuration(b.duration_s * 1000),
      ]),
    },
    format,
  );
}

/** The headline figures of one build, for people. */
function renderFigures(b: Pick<BuildRecord, "id" | "name" | "arch" | "toolchain">, t: Totals, counts?: { symbols: number; objects: number }): string {
  const content =
    t.content === null ? "unknown (no link map)" : `${formatBytes(t.content)} (${formatCount(t.content)} bytes of code and data, without linker padding)`;
  const image = t.image === null ? "none found (no boot image in the build tree, or none built)" : `${formatBytes(t.image)} (${formatCount(t.image)} bytes)`;
  const lines = [
    `build ${b.id}: ${b.name}  (${b.arch || "?"}; ${b.toolchain.split(";")[0] || "toolchain unknown"})`,
    `  content  ${content}`,
    `  image    ${image}`,
    `  size     text ${t.text}  data ${t.data}  bss ${t.bss}  dec ${t.total}`,
    ...(counts ? [`  symbols  ${formatCount(counts.symbols)}, objects ${formatCount(counts.objects)}`] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** The headline as rows for md and csv: content and image beside size's columns. */
function figureTable(t: Totals, format: "md" | "csv"): string {
  const rows = [
    ["content", t.content ?? "unknown"],
    ["image", t.image ?? "none"],
    ["text", t.text],
    ["data", t.data],
    ["bss", t.bss],
    ["size dec", t.total],
  ];
  return renderTable({ head: ["figure", "bytes"], numeric: [false, true], rows }, format);
}

export function renderBuildSummary(b: BuildRecord, m: StoredMeasurement | null, reused: boolean, v: SummaryView, format: Format): string {
  if (format === "json") return renderJson({ schema: v.schema, build: v.build, reused, totals: v.totals });
  if (!v.totals) return "";
  if (format !== "text") return figureTable(v.totals, format);
  const figures = renderFigures(b, v.totals, m ? { symbols: m.symbols.length, objects: m.objects.length } : undefined);
  return `${reused ? `already stored (use --force to build again)\n` : ""}${figures}`;
}

export function renderShow(b: BuildRecord, v: ShowView, format: Format): string {
  if (format === "json") return renderJson(v);
  if (!v.totals) {
    const head = `build ${b.id}: ${b.name} failed at ${b.failedStep} after ${Math.round((b.durationMs ?? 0) / 1000)}s`;
    if (format !== "text") return `${head}\n`;
    return `${head}\nlast lines of the build log:\n${(b.logTail ?? "")
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n")}\n`;
  }
  const table = renderTable(
    {
      head: [v.by, "text", "data", "bss", "total", v.share_of === "content" ? "% content" : "% size"],
      numeric: [false, true, true, true, true, true],
      rows: v.rows.map((r) => [r.name, r.text, r.data, r.bss, r.size, r.share === null ? "" : `${(r.share * 100).toFixed(1)}%`]),
    },
    format,
  );
  if (format === "text") return `${renderFigures(b, v.totals)}\n${table}`;
  return format === "md" ? `${figureTable(v.totals, "md")}\n${table}` : `${table}\n${figureTable(v.totals, "csv")}`;
}

export function renderDiff(v: DiffView, format: Format): string {
  if (format === "json") return renderJson(v);
  const table = renderTable(
    { head: [v.by, "old", "new", "delta"], numeric: [false, true, true, true], rows: v.rows.map((d) => [d.name, d.old, d.new, formatSigned(d.delta)]) },
    format,
  );
  const f = v.figures;
  if (format !== "text") {
    const headline = renderTable(
      {
        head: ["figure", "old", "new", "delta"],
        numeric: [false, true, true, true],
        rows: figureRows(f).map(([name, p]) => [name, p.old ?? "unknown", p.new ?? "unknown", p.delta === null ? "unknown" : formatSigned(p.delta)]),
      },
      format,
    );
    return format === "md" ? `${headline}\n${table}` : `${table}\n${headline}`;
  }
  const line = (label: string, p: FigurePair) =>
    p.old === null || p.new === null || p.delta === null
      ? `  ${label.padEnd(8)} unknown`
      : `  ${label.padEnd(8)} ${formatCount(p.old)} -> ${formatCount(p.new)}  ${formatDelta(p.delta)} (${formatSigned(p.delta)} bytes)`;
  const head = [
    `${v.base} (build ${v.base_id}) -> ${v.head} (build ${v.head_id})`,
    line("content", f.content),
    line("image", f.image),
    line("size dec", f.total),
    ...(v.maintainers ? [`  subsystems as ${v.maintainers} has them, on both sides`] : []),
  ].join("\n");
  return `${head}\n\n${v.rows.length ? table : `no ${v.by} changed\n`}`;
}
