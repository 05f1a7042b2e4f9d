// A Series as a chart in the terminal: one row per revision with a bar of eighth blocks, the
// exact figure and the change from the point before. Bars start at a floor a little below the
// smallest figure (the header says where), so that a creep of a few KiB on 1.6 MiB shows.

import type { SeriesPointView, SeriesView } from "../app/views/series-view.js";
import type { StackedSeriesView } from "../app/views/stacked-series.js";
import { METRIC_LABEL, metricValue, pointsWithMetric, type TimelineMetric } from "../app/views/timeline-chart.js";
import { formatBytes, formatCount, formatSignedCount } from "../core/format-size.js";

export interface TerminalChartOptions {
  /** columns the chart may use */
  width: number;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const FULL = "█";
const MIN_WIDTH = 40;
const GAP = "  ";

/** The terminal's width when stdout is one, else 80 (a pipe, a file, a CI log). */
export function terminalColumns(stdout: { isTTY?: boolean; columns?: number }): number {
  return stdout.isTTY && stdout.columns ? stdout.columns : 80;
}

/** Names, causes and subjects come from outside: no escape sequences reach the terminal. */
export function plainText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

function fit(s: string, n: number): string {
  const t = plainText(s);
  return t.length > n ? `${t.slice(0, Math.max(0, n - 1))}…` : t.padEnd(n);
}

/** A round number a little below the smallest figure: bars grow from it. */
export function chartFloor(min: number, max: number): number {
  const span = max - min || Math.max(1, min / 10);
  const step = 10 ** Math.floor(Math.log10(span));
  return Math.max(0, Math.floor((min - span / 5) / step) * step);
}

/** A bar of `cells` character cells (fractions in eighths), padded to `width`. */
export function renderBar(cells: number, width: number): string {
  const eighths = Math.round(Math.min(width, Math.max(0, cells)) * 8);
  const bar = FULL.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  return bar.padEnd(width);
}

function header(label: string, floor: number, max: number, width: number): string[] {
  const range = `bars from ${formatCount(floor)} (${formatBytes(floor)}) to ${formatCount(max)} (${formatBytes(max)})`;
  const short = `bars from ${formatCount(floor)} to ${formatCount(max)}`;
  if (`${label}, ${range}`.length <= width) return [`${label}, ${range}`];
  return [label, range.length <= width ? range : short].map((l) => fit(l, width).trimEnd());
}

function deltas(values: (number | null)[]): string[] {
  let previous: number | null = null;
  return values.map((v) => {
    if (v === null) return "";
    const d = previous === null ? "" : formatSignedCount(v - previous);
    previous = v;
    return d;
  });
}

function missing(p: SeriesPointView, metric: TimelineMetric): string {
  return p.status === "failed" ? `failed (${p.failed_step ?? "?"}): ${p.cause ?? "no log"}` : `no ${metric} figure stored`;
}

/** Culprits blame stored for the series, under the chart: where they are and what they did. */
function culpritLines(view: SeriesView, width: number): string[] {
  if (!view.culprits.length) return [];
  const name = (id: number) => view.builds.find((p) => p.id === id)?.name ?? `build ${id}`;
  const lines = view.culprits.map((c) => `  ${name(c.build)}: ${formatSignedCount(c.delta)} ${c.subject} (${c.author})`);
  return ["", "culprits:", ...lines.map((l) => fit(l, width).trimEnd())];
}

export function renderTerminalChart(view: SeriesView, metric: TimelineMetric, opts: TerminalChartOptions): string {
  const width = Math.max(MIN_WIDTH, opts.width);
  const values = view.builds.map((p) => metricValue(p, metric));
  const known = values.filter((v): v is number => v !== null);
  const label = `${METRIC_LABEL[metric]} of ${view.recipe}`;
  if (!known.length) return `${label}: no build has the figure\n`;
  const max = Math.max(...known);
  const floor = chartFloor(Math.min(...known), max);
  const figures = values.map((v) => (v === null ? "" : formatCount(v)));
  const changes = deltas(values);
  const figW = Math.max(...figures.map((f) => f.length));
  const nameW = Math.min(Math.max(...view.builds.map((p) => p.name.length)), Math.max(8, Math.floor(width / 3)));
  // on a narrow terminal the bar keeps a quarter of the width; the change column goes first
  const withDelta = width - nameW - figW - Math.max(...changes.map((d) => d.length)) - 3 * GAP.length;
  const deltaW = withDelta >= width / 4 ? Math.max(...changes.map((d) => d.length)) : 0;
  const barW = width - nameW - figW - 2 * GAP.length - (deltaW ? deltaW + GAP.length : 0);
  const rows = view.builds.map((p, i) => {
    const name = fit(p.name, nameW);
    const v = values[i];
    if (v === null) return `${name}${GAP}${fit(missing(p, metric), width - nameW - GAP.length)}`;
    const bar = renderBar(((v - floor) / Math.max(1, max - floor)) * barW, barW);
    return [name, bar, figures[i].padStart(figW), ...(deltaW ? [changes[i].padStart(deltaW)] : [])].join(GAP);
  });
  const lines = [...header(label, floor, max, width), ...rows, ...culpritLines(view, width)];
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}

/** The chart under track's table: when at least two points have content bytes. */
export function renderTrackChart(view: SeriesView, width: number): string {
  return pointsWithMetric(view, "content") < 2 ? "" : `\n${renderTerminalChart(view, "content", { width })}`;
}

/**
 * The bands of a stacked series as a table: one row per revision, a column per band (as many
 * as fit; the rest fold into one "[rest]" column) and the total, so every row adds up.
 */
export function renderTerminalStack(view: SeriesView, stacked: StackedSeriesView, opts: TerminalChartOptions): string {
  const width = Math.max(MIN_WIDTH, opts.width);
  const byId = new Map(stacked.builds.map((b) => [b.id, b.values]));
  const sums = stacked.builds.map((b) => b.values.reduce((s, v) => s + v, 0));
  const nameW = Math.min(Math.max(...view.builds.map((p) => p.name.length)), 24);
  const columns = (w: number) => Math.floor((width - nameW) / (w + GAP.length)) - 1; // the total takes one column
  // columns as wide as the band names when all of them fit so, else as wide as the figures
  const numW = Math.max(9, formatCount(Math.max(0, ...sums)).length);
  const wide = Math.max(numW, Math.min(14, Math.max(...stacked.bands.map((b) => b.length))));
  const colW = columns(wide) >= stacked.bands.length ? wide : numW;
  const room = columns(colW);
  const shown = stacked.bands.length <= room ? stacked.bands.length : Math.max(1, room - 1);
  const folded = stacked.bands.length > shown;
  const head = [...stacked.bands.slice(0, shown), ...(folded ? ["[rest]"] : []), "content"];
  const cells = (values: number[]) => {
    const rest = values.slice(shown).reduce((s, v) => s + v, 0);
    const all = values.reduce((s, v) => s + v, 0);
    return [...values.slice(0, shown), ...(folded ? [rest] : []), all].map((v) => formatCount(v).padStart(colW));
  };
  const rows = view.builds.map((p) => {
    const values = byId.get(p.id);
    const name = fit(p.name, nameW);
    if (!values) return `${name}${GAP}${fit(p.status === "failed" ? missing(p, "content") : "no objects stored", width - nameW - GAP.length)}`;
    return [name, ...cells(values)].join(GAP);
  });
  const title = `content bytes of ${view.recipe} by ${stacked.by === "dir" ? "directory" : "subsystem"}`;
  const lines = [title, [" ".repeat(nameW), ...head.map((h) => fit(h, colW).trimEnd().padStart(colW))].join(GAP), ...rows];
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}
