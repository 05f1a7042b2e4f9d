// Results as text, CSV, Markdown or JSON (the JSON shapes are a stable contract: DESIGN.md).

import type { DiffResult } from "../app/queries.js";
import type { BuildRecord, StoredMeasurement } from "../app/build-record.js";
import type { Grain } from "../core/breakdown.js";
import type { RollupRow } from "../core/rollup.js";
import { formatBytes, formatCount, formatDelta, formatPercent } from "./format-size.js";
import { type Format, renderTable } from "./render-table.js";

const json = (v: unknown) => `${JSON.stringify({ schema: 1, ...(v as object) }, null, 2)}\n`;

function buildJson(b: BuildRecord) {
  return { id: b.id, name: b.name, source: b.source, revision: b.revision, recipe: b.recipe, status: b.status, toolchain: b.toolchain, source_dir: b.sourceDir, build_dir: b.buildDir };
}

function totalsJson(m: StoredMeasurement | null) {
  if (!m) return null;
  return { ...m.totals, image: m.image, content: m.content };
}

export function renderList(builds: BuildRecord[], format: Format): string {
  if (format === "json") return json({ builds: builds.map((b) => ({ ...buildJson(b), created: b.created, failed_step: b.failedStep })) });
  if (builds.length === 0 && format === "text") return "no builds stored yet: run `kbloat build SOURCE`\n";
  return renderTable(
    {
      head: ["id", "name", "status", "source", "revision", "toolchain", "created"],
      numeric: [true, false, false, false, false, false, false],
      rows: builds.map((b) => [
        b.id,
        b.name,
        b.status === "ok" ? "ok" : `failed (${b.failedStep})`,
        b.source,
        b.revision.slice(0, 12),
        b.toolchain.split(";")[0],
        b.created.slice(0, 19).replace("T", " "),
      ]),
    },
    format,
  );
}

/** The headline figures of one build, for people. */
function renderFigures(b: BuildRecord, m: StoredMeasurement): string {
  const t = m.totals;
  const lines = [
    `build ${b.id}: ${b.name}  (${b.arch || "?"}; ${b.toolchain.split(";")[0] || "toolchain unknown"})`,
    `  content  ${m.content === null ? "unknown (no link map)" : `${formatBytes(m.content)} (${formatCount(m.content)} bytes of code and data, without linker padding)`}`,
    `  image    ${m.image === null ? "none" : `${formatBytes(m.image)} (${formatCount(m.image)} bytes)`}`,
    `  size     text ${t.text}  data ${t.data}  bss ${t.bss}  dec ${t.total}`,
    `  symbols  ${formatCount(m.symbols.length)}, objects ${formatCount(m.objects.length)}`,
  ];
  return `${lines.join("\n")}\n`;
}

export function renderBuildSummary(b: BuildRecord, m: StoredMeasurement | null, reused: boolean, format: Format): string {
  if (format === "json") return json({ build: buildJson(b), reused, totals: totalsJson(m) });
  if (format !== "text") return renderTable({ head: ["id", "name", "text", "data", "bss", "total", "image", "content"], numeric: [true, false, true, true, true, true, true, true], rows: [[b.id, b.name, m?.totals.text ?? "", m?.totals.data ?? "", m?.totals.bss ?? "", m?.totals.total ?? "", m?.image ?? "", m?.content ?? ""]] }, format);
  return `${reused ? `already stored (use --force to build again)\n` : ""}${m ? renderFigures(b, m) : ""}`;
}

export function renderShow(b: BuildRecord, m: StoredMeasurement | null, rows: RollupRow[], by: Grain, format: Format): string {
  if (format === "json") return json({ build: buildJson(b), totals: totalsJson(m), rows: rows.map(({ name, size, text, data, bss }) => ({ name, size, text, data, bss })), failed_step: b.failedStep, log_tail: b.logTail });
  if (!m) {
    const head = `build ${b.id}: ${b.name} failed at ${b.failedStep} after ${Math.round((b.durationMs ?? 0) / 1000)}s`;
    if (format !== "text") return `${head}\n`;
    return `${head}\nlast lines of the build log:\n${(b.logTail ?? "").split("\n").map((l) => `  ${l}`).join("\n")}\n`;
  }
  const table = renderTable(
    {
      head: [by, "text", "data", "bss", "total", "share"],
      numeric: [false, true, true, true, true, true],
      rows: rows.map((r) => [r.name, r.text, r.data, r.bss, r.size, formatPercent(r.size, m.totals.total)]),
    },
    format === "text" ? "text" : format,
  );
  return format === "text" ? `${renderFigures(b, m)}\n${table}` : table;
}

export function renderDiff(r: DiffResult, by: Grain, top: number | undefined, format: Format): string {
  const rows = top === undefined ? r.rows : [...r.rows].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta)).slice(0, top).sort((x, y) => y.delta - x.delta);
  const old = r.a.totals.total;
  const now = r.b.totals.total;
  if (format === "json") {
    const pair = (x: number | null, y: number | null) => ({ old: x, new: y, delta: x === null || y === null ? null : y - x });
    return json({
      base: r.base.name,
      head: r.head.name,
      by,
      totals: { old, new: now, delta: now - old },
      figures: { content: pair(r.a.content, r.b.content), image: pair(r.a.image, r.b.image), text: pair(r.a.totals.text, r.b.totals.text), data: pair(r.a.totals.data, r.b.totals.data), bss: pair(r.a.totals.bss, r.b.totals.bss) },
      rows,
    });
  }
  const table = renderTable(
    { head: [by, "old", "new", "delta"], numeric: [false, true, true, true], rows: rows.map((d) => [d.name, d.old, d.new, d.delta > 0 ? `+${d.delta}` : String(d.delta)]) },
    format === "text" ? "text" : format,
  );
  if (format !== "text") return table;
  const line = (label: string, x: number | null, y: number | null) =>
    x === null || y === null ? `  ${label.padEnd(8)} unknown` : `  ${label.padEnd(8)} ${formatCount(x)} -> ${formatCount(y)}  ${formatDelta(y - x)} (${y - x >= 0 ? "+" : ""}${y - x} bytes)`;
  const head = [
    `${r.base.name} (build ${r.base.id}) -> ${r.head.name} (build ${r.head.id})`,
    line("content", r.a.content, r.b.content),
    line("image", r.a.image, r.b.image),
    line("size dec", old, now),
  ].join("\n");
  return `${head}\n\n${rows.length ? table : `no ${by} changed\n`}`;
}
